" Vim compiler file for claimledger: `:compiler claims` then `:make`.
" Copy to ~/.vim/compiler/ (or add this repository's root to 'runtimepath').
" `claims check --format gcc` prints file:line:col: severity: message [code].
if exists("current_compiler")
  finish
endif
let current_compiler = "claims"

if exists(":CompilerSet") != 2
  command -nargs=* CompilerSet setlocal <args>
endif

let s:cpo_save = &cpo
set cpo&vim

CompilerSet makeprg=claims\ check\ --format\ gcc
" %t takes the first letter of error/warning/info as the quickfix type (E, W, I).
CompilerSet errorformat=%f:%l:%c:\ %trror:\ %m,%f:%l:%c:\ %tarning:\ %m,%f:%l:%c:\ %tnfo:\ %m,%f:%l:%c:\ %m

let &cpo = s:cpo_save
unlet s:cpo_save
