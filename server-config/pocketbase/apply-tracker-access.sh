#!/usr/bin/env bash
# Gives a Skopos tracker least-privilege access to a PocketBase holding the Skopos collections: creates the
# skopos_trackers auth collection and adds the tracker's API rules, then, if TRACKER_EMAIL and
# TRACKER_PASSWORD are set, a tracker account bound to the website SITE_ID.
#   PocketBase 0.23 and later (the default): skopos-tracker-access-v0.23.json. Never replaces what the
#     dashboard made: the auth collection is created only if missing, a rule a collection already has is
#     kept with the tracker's added to it (||), collections the installation lacks (dash_sum) are skipped,
#     and the websites update rule lets the account change sdkVersion alone, where websites has that field.
#   POCKETBASE_GENERATION=0.22: skopos-tracker-access-v0.22.json, imported as it is.
# Usage: POCKETBASE_URL=http://127.0.0.1:8090 ADMIN_TOKEN=... [SITE_ID=... TRACKER_EMAIL=... TRACKER_PASSWORD=...] \
#        apply-tracker-access.sh
# ADMIN_TOKEN comes from POST /api/collections/_superusers/auth-with-password (0.22: /api/admins/auth-with-password).
# Needs curl and jq.
set -euo pipefail
: "${POCKETBASE_URL:?}" "${ADMIN_TOKEN:?}"
here="$(dirname "${BASH_SOURCE[0]}")"
generation="${POCKETBASE_GENERATION:-0.23}"
access="${here}/skopos-tracker-access-v${generation}.json"

# a request to PocketBase; on an error answer its message goes to stderr and the script stops
api() {
  local answer
  answer="$(curl -sS -w '\n%{http_code}' -H "Authorization: ${ADMIN_TOKEN}" -H 'Content-Type: application/json' "$@")"
  if [ "${answer##*$'\n'}" -ge 300 ]; then
    echo "apply-tracker-access: PocketBase answered ${answer##*$'\n'}: ${answer%$'\n'*}" >&2
    return 1
  fi
  printf '%s' "${answer%$'\n'*}"
}

if [ "${generation}" = 0.22 ]; then
  jq '{deleteMissing: false, collections: [.collection]}' "${access}" \
    | api -X PUT "${POCKETBASE_URL}/api/collections/import" --data-binary @- >/dev/null
  for collection in $(jq -r '.rules | keys[]' "${access}"); do
    jq --arg c "${collection}" '.rules[$c]' "${access}" \
      | api -X PATCH "${POCKETBASE_URL}/api/collections/${collection}" --data-binary @- >/dev/null
  done
else
  POCKETBASE_URL="${POCKETBASE_URL}" ADMIN_TOKEN="${ADMIN_TOKEN}" bash "${here}/setup-collections.sh" "${access}" >/dev/null
  live="$(api "${POCKETBASE_URL}/api/collections?perPage=500")"
  for collection in $(jq -r '.rules | keys[]' "${access}"); do
    existing="$(jq --arg c "${collection}" '.items | map(select(.name == $c)) | first // empty' <<<"${live}")"
    if [ -z "${existing}" ]; then
      echo "apply-tracker-access: no ${collection} collection here; skipped"
      continue
    fi
    # null lets superusers alone in, "" everyone; any other rule is kept beside ours
    jq --argjson ours "$(jq --arg c "${collection}" '.rules[$c]' "${access}")" '. as $live
        | $ours | with_entries(.key as $rule | .value = (
            if $live[$rule] == null then .value
            elif $live[$rule] == "" or ($live[$rule] | contains($ours[$rule])) then $live[$rule]
            else "(\($live[$rule])) || (\(.value))" end))' <<<"${existing}" \
      | api -X PATCH "${POCKETBASE_URL}/api/collections/${collection}" --data-binary @- >/dev/null
  done
  # websites: the account may set sdkVersion and nothing else, so every other field it has is ruled out
  websites="$(jq '.items | map(select(.name == "websites")) | first' <<<"${live}")"
  if jq -e '.fields | map(.name) | index("sdkVersion")' <<<"${websites}" >/dev/null; then
    jq '{updateRule: ([.fields[].name | select(. != "id" and . != "sdkVersion" and . != "created" and . != "updated")]
        | map("@request.body.\(.):isset = false")
        | (["@request.auth.collectionName = \"skopos_trackers\"", "id = @request.auth.website"] + .)
        | join(" && "))}' <<<"${websites}" \
      | api -X PATCH "${POCKETBASE_URL}/api/collections/websites" --data-binary @- >/dev/null
  fi
fi
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
