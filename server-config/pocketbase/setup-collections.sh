#!/usr/bin/env bash
# Makes sure a PocketBase 0.23 or later holds the collections the Skopos tracker uses, with the fields it
# writes, without ever replacing what is there: a missing collection is created as the definitions file says,
# a collection that exists (made by the Skopos dashboard, say) only gains the fields it lacks. Its other
# fields, its indexes and its API rules stay as they are. Relations name their target in `relationTo`, which
# is resolved to the target's id in this PocketBase, so the files hold no collection ids.
# Usage: POCKETBASE_URL=http://127.0.0.1:8090 ADMIN_TOKEN=... setup-collections.sh [definitions.json]
#   (default: skopos-collections-v0.23.json, today's dashboard; skopos-collections-v0.23-dashboard-0.37.json
#   for a dashboard before 0.38). ADMIN_TOKEN comes from POST /api/collections/_superusers/auth-with-password.
# Needs curl and jq.
set -euo pipefail
: "${POCKETBASE_URL:?}" "${ADMIN_TOKEN:?}"
definitions="${1:-$(dirname "${BASH_SOURCE[0]}")/skopos-collections-v0.23.json}"

# a request to PocketBase; on an error answer its message goes to stderr and the script stops
api() {
  local answer
  answer="$(curl -sS -w '\n%{http_code}' -H "Authorization: ${ADMIN_TOKEN}" -H 'Content-Type: application/json' "$@")"
  if [ "${answer##*$'\n'}" -ge 300 ]; then
    echo "setup-collections: PocketBase answered ${answer##*$'\n'}: ${answer%$'\n'*}" >&2
    return 1
  fi
  printf '%s' "${answer%$'\n'*}"
}
live_collections() { api "${POCKETBASE_URL}/api/collections?perPage=500" | jq '.items'; }

count="$(jq '.collections | length' "${definitions}")"
for ((i = 0; i < count; i++)); do
  live="$(live_collections)"
  wanted="$(jq --argjson live "${live}" ".collections[${i}]"' | .fields |= map(
      if .relationTo then
        .relationTo as $target
        | ($live | map(select(.name == $target)) | first // error("no collection \($target) to relate to"))
          as $related
        | del(.relationTo) | .collectionId = $related.id
      else . end)' "${definitions}")"
  name="$(jq -r '.name' <<<"${wanted}")"
  existing="$(jq --arg name "${name}" 'map(select(.name == $name)) | first // empty' <<<"${live}")"
  if [ -z "${existing}" ]; then
    api -X POST "${POCKETBASE_URL}/api/collections" --data-binary "${wanted}" >/dev/null
    echo "setup-collections: created ${name}"
    continue
  fi
  missing="$(jq --argjson wanted "${wanted}" '[.fields[].name] as $have
      | $wanted.fields | map(select([.name] | inside($have) | not))' <<<"${existing}")"
  if [ "$(jq 'length' <<<"${missing}")" -gt 0 ]; then
    jq --argjson missing "${missing}" '{fields: (.fields + $missing)}' <<<"${existing}" \
      | api -X PATCH "${POCKETBASE_URL}/api/collections/$(jq -r '.id' <<<"${existing}")" --data-binary @- >/dev/null
    echo "setup-collections: added $(jq -r 'map(.name) | join(", ")' <<<"${missing}") to ${name}"
  fi
done
