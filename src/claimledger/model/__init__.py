"""The record model and values: records (frozen dataclasses and the field tables that define
the format), values as intervals and day spans (quantities, dates), a claim's typed value, and
`Diagnostic`, the finding every layer returns, with its row codec.

May import: nothing of ours (not even `errors`): every other package builds on this one."""
