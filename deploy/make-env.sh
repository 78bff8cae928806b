#!/usr/bin/env bash
# Writes deploy/.env for deploy/compose.yaml from deploy/.env.example, with a fresh Ed25519 key pair and random
# passwords. Keeps an existing deploy/.env (remove it first to start over). Needs openssl.
set -euo pipefail
dir=$(cd "$(dirname "$0")" && pwd)
env_file="$dir/.env"
if [ -f "$env_file" ]; then
  echo "$env_file exists; keeping it"
  exit 0
fi
key=$(mktemp)
trap 'rm -f "$key"' EXIT
openssl genpkey -algorithm ed25519 -out "$key" 2>/dev/null
one_line() { awk '{ printf "%s\\n", $0 }' | sed 's/\\n$//'; }
private_key=$(one_line <"$key")
public_key=$(openssl pkey -in "$key" -pubout | one_line)
admin_password=$(openssl rand -hex 12)
postgres_password=$(openssl rand -hex 24)
while IFS= read -r line; do
  case "$line" in
    POSTGRES_PASSWORD=*) line="POSTGRES_PASSWORD=$postgres_password" ;;
    ADMIN_PASSWORD=*) line="ADMIN_PASSWORD=$admin_password" ;;
    JWT_PRIVATE_KEY=*) line="JWT_PRIVATE_KEY=$private_key" ;;
    JWT_PUBLIC_KEY=*) line="JWT_PUBLIC_KEY=$public_key" ;;
  esac
  printf '%s\n' "$line"
done <"$dir/.env.example" >"$env_file"
chmod 600 "$env_file"
echo "Wrote $env_file: sign in as $(sed -n 's/^ADMIN_EMAIL=//p' "$env_file") with password $admin_password"
