#!/usr/bin/env bash
# generate-secrets.sh: writes the secret files the kustomize base reads (base/secrets/), with
# random values and mode 0600. Existing files are kept, so running it again changes nothing.
# These files are never committed (base/secrets/.gitignore).
set -euo pipefail

dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/base/secrets"
mkdir -p "$dir"
umask 077

# URI-safe: hexadecimal
random_hex() { head -c "$1" /dev/urandom | od -An -vtx1 | tr -d ' \n'; }

write() {
  local file="$dir/$1" value="$2"
  if [[ -s "$file" ]]; then
    echo "kept    $file"
  else
    printf '%s' "$value" >"$file.tmp" && mv "$file.tmp" "$file"
    echo "created $file"
  fi
}

write mongodb-admin-password "$(random_hex 24)"
for service in registry activity partnership reporting; do
  write "mongodb-$service-password" "$(random_hex 24)"
done
# 756 random bytes are 1008 base64 characters (mongod accepts 6 to 1024)
write mongodb-keyfile "$(head -c 756 /dev/urandom | base64 | tr -d '\n')"
# the same shape as the keys the registry issues and the launcher generates: mlg_ + 40 characters
write national.key "mlg_$(head -c 60 /dev/urandom | base64 | tr -d '\n=' | tr '+/' '-_' | cut -c1-40)"
