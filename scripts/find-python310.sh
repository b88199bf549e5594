#!/usr/bin/env bash
# Print the path of a working Python 3.10 interpreter, or explain and fail.
# Tries python3.10 on PATH, then any 3.10 that pyenv manages (its shim fails when 3.10 is not selected).
set -u
ok() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1; }
for candidate in "${PYTHON310:-}" python3.10; do
  [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 && ok "$candidate" && { command -v "$candidate"; exit 0; }
done
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for dir in $(ls -d "$root"/versions/3.10* 2>/dev/null | sort -V -r); do
    ok "$dir/bin/python3.10" && { echo "$dir/bin/python3.10"; exit 0; }
  done
fi
echo "error: python3.10 was not found. Rasa 3.6 needs Python 3.10: install it (for example 'pyenv install 3.10')," >&2
echo "       or set PYTHON310=/path/to/python3.10, then run make again." >&2
exit 1
