#!/usr/bin/env bash
# Set-up for `make build` and `make test`: the system libraries WeasyPrint needs, then a
# .venv with the pinned Python packages. Safe to run again: it only does what is missing.
# With --test, also what the tests use: Debian's Chromium, Node.js and npm, and the pinned npm
# packages (axe-core, puppeteer-core) in tests/browser/.
set -euo pipefail
cd "$(dirname "$0")/.."
TESTS=no
[ "${1:-}" = "--test" ] && TESTS=yes

# Debian packages for building: Pango/HarfBuzz for WeasyPrint, python3-venv for the virtualenv.
# For the tests (--test) also: poppler-utils (pdftoppm, pdftotext), LibreOffice Writer and Calc
# for the DOCX and XLSX round trips, fonts-liberation2 (LibreOffice lays the Word and Excel files
# out with the same metrics as the bundled fonts), Chromium for the web pages, Node.js and npm.
PACKAGES=(python3 python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0)

if [ "$TESTS" = yes ]; then
  PACKAGES+=(poppler-utils fonts-liberation2 libreoffice-writer-nogui libreoffice-calc-nogui chromium)
  command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs)
  command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)
fi

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: these system packages are needed: ${missing[*]}" >&2
    echo "setup: this is not a Debian/Ubuntu machine; install their equivalents, then run make again." >&2
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO=sudo; else
      echo "setup: these system packages are needed: ${missing[*]}" >&2
      echo "setup: run   sudo apt-get install -y ${missing[*]}   then run make again." >&2
      exit 1
    fi
  else SUDO=""; fi
  echo "setup: installing ${missing[*]}"
  # Another install holding apt's lock: wait for it (up to 10 minutes) instead of failing.
  apt_options=(-o DPkg::Lock::Timeout=600)
  if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get "${apt_options[@]}" update -qq >/tmp/councilpapers-apt.log 2>&1 \
     || ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get "${apt_options[@]}" install -y -qq --no-install-recommends \
          "${missing[@]}" >>/tmp/councilpapers-apt.log 2>&1; then
    tail -n 15 /tmp/councilpapers-apt.log >&2
    echo "setup: apt-get could not install ${missing[*]} (full log: /tmp/councilpapers-apt.log)." >&2
    exit 1
  fi
fi

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "setup: Python 3.11 or newer is needed ($PYTHON is $("$PYTHON" --version 2>&1))." >&2
  exit 1
fi

stamp=.venv/.installed
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PYTHON" -m venv .venv
fi
if [ ! -f "$stamp" ] || [ requirements.lock -nt "$stamp" ]; then
  # Exactly the locked versions, each checked against its hash (requirements.lock, made by
  # `make lock` from pyproject.toml); the package itself is the repository, put on the path.
  echo "setup: installing the locked Python packages into .venv"
  log=.venv/install.log
  site=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  if ! { .venv/bin/python -m pip install --disable-pip-version-check --require-hashes -r requirements.lock \
         && echo "$PWD" >"$site/councilpapers-repository.pth"; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "setup: pip could not install the Python packages (full log: $log)." >&2
    exit 1
  fi
  .venv/bin/python -c 'import weasyprint, docx, openpyxl, pydantic, yaml, jinja2, pytest' \
    || { echo "setup: the Python packages did not install; see the messages above." >&2; exit 1; }
  touch "$stamp"
fi
# The console command `councilpapers` (what `pip install` makes from [project.scripts]).
# Written again whenever it differs (an earlier set-up's script may name an old module).
console=$(printf '#!%s\nimport sys\nfrom councilpapers.commands import main\nsys.exit(main())\n' "$PWD/.venv/bin/python")
if [ ! -x .venv/bin/councilpapers ] || [ "$(cat .venv/bin/councilpapers)" != "$console" ]; then
  printf '%s\n' "$console" >.venv/bin/councilpapers
  chmod +x .venv/bin/councilpapers
fi

if [ "$TESTS" = yes ]; then
  browser=tests/browser
  if [ ! -d "$browser/node_modules" ] || [ "$browser/package-lock.json" -nt "$browser/node_modules/.installed" ]; then
    echo "setup: installing the pinned npm packages into $browser"
    if ! npm ci --prefix "$browser" --no-audit --no-fund >"$browser/npm.log" 2>&1; then
      tail -n 20 "$browser/npm.log" >&2
      echo "setup: npm could not install the browser-test packages (full log: $browser/npm.log)." >&2
      exit 1
    fi
    touch "$browser/node_modules/.installed"
  fi
fi
