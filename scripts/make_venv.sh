#!/usr/bin/env bash
# Creates the virtual environment with Python 3.8-3.10 (Rasa 3.6 needs one of
# those), or stops with a message that says what to install.
set -euo pipefail
venv=$1; want=$2
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import sys; assert (3,8) <= sys.version_info[:2] <= (3,10)" 2>/dev/null; then
  exit 0
fi
candidates=(
  "${PYTHON310:-}"
  "$HOME/.pyenv/versions/3.10.13/bin/python"
  "$(command -v pyenv >/dev/null 2>&1 && pyenv root 2>/dev/null)/versions/3.10.13/bin/python"
  "$(command -v python$want || true)"
  "$(command -v python3.9 || true)"
  "$(command -v python3.8 || true)"
)
for py in "${candidates[@]}"; do
  if [ -n "$py" ] && [ -x "$py" ] && "$py" -c "import sys; assert (3,8) <= sys.version_info[:2] <= (3,10)" 2>/dev/null; then
    echo "Creating $venv with $("$py" --version)"
    rm -rf "$venv"
    "$py" -m venv "$venv"
    exit 0
  fi
done
cat >&2 <<MSG
No Python 3.8, 3.9 or 3.10 found. Rasa 3.6 needs one of them.
Install Python $want (for example: pyenv install 3.10.13, or apt-get install python$want python$want-venv),
or point PYTHON310 at its interpreter: make run PYTHON310=/path/to/python3.10
MSG
exit 1
