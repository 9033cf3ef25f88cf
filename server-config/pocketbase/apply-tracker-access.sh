#!/usr/bin/env bash
# Gives a Skopos tracker least-privilege access to a PocketBase holding the Skopos collections:
# creates the skopos_trackers auth collection and sets the API rules of skopos-tracker-access-v0.22.json
# (or, with POCKETBASE_GENERATION=0.23, of skopos-tracker-access-v0.23.json for PocketBase 0.23 and later),
# then, if TRACKER_EMAIL and TRACKER_PASSWORD are set, a tracker account bound to the website SITE_ID.
# Usage: POCKETBASE_URL=http://127.0.0.1:8090 ADMIN_TOKEN=... [SITE_ID=... TRACKER_EMAIL=... TRACKER_PASSWORD=...] \
#        apply-tracker-access.sh
# ADMIN_TOKEN comes from POST /api/admins/auth-with-password (0.23+: /api/collections/_superusers/auth-with-password).
# Needs curl and jq.
set -euo pipefail
: "${POCKETBASE_URL:?}" "${ADMIN_TOKEN:?}"
access="$(dirname "${BASH_SOURCE[0]}")/skopos-tracker-access-v${POCKETBASE_GENERATION:-0.22}.json"

api() { curl -fsS -H "Authorization: ${ADMIN_TOKEN}" -H 'Content-Type: application/json' "$@"; }

jq '{deleteMissing: false, collections: [.collection]}' "${access}" \
  | api -X PUT "${POCKETBASE_URL}/api/collections/import" --data-binary @- >/dev/null
for collection in $(jq -r '.rules | keys[]' "${access}"); do
  jq --arg c "${collection}" '.rules[$c]' "${access}" \
    | api -X PATCH "${POCKETBASE_URL}/api/collections/${collection}" --data-binary @- >/dev/null
done
echo "apply-tracker-access: skopos_trackers and the API rules are in place"

if [ -n "${TRACKER_EMAIL:-}" ]; then
  : "${TRACKER_PASSWORD:?}" "${SITE_ID:?}"
  website="$(api -G "${POCKETBASE_URL}/api/collections/websites/records" \
    --data-urlencode "filter=trackingId=\"${SITE_ID}\"" | jq -r '.items[0].id // empty')"
  [ -n "${website}" ] || { echo "apply-tracker-access: no websites record with trackingId ${SITE_ID}" >&2; exit 1; }
  jq -n --arg e "${TRACKER_EMAIL}" --arg p "${TRACKER_PASSWORD}" --arg w "${website}" \
      '{email: $e, password: $p, passwordConfirm: $p, website: $w}' \
    | api -X POST "${POCKETBASE_URL}/api/collections/skopos_trackers/records" --data-binary @- >/dev/null
  echo "apply-tracker-access: tracker account ${TRACKER_EMAIL} created for ${SITE_ID}"
fi
