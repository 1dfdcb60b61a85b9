#!/usr/bin/env bash
# Creates deploy/certs/ for the compose cluster profile (ADR-0017):
#   nginx.crt / nginx.key        a self-signed certificate for https://localhost:8443 (use a real one in production)
#   data-protection.pfx          the certificate that encrypts the data-protection keys in the database,
#                                password $ORO_DATA_PROTECTION_PASSWORD (default oro-dev-certificate)
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p certs
if [ ! -f certs/nginx.crt ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout certs/nginx.key -out certs/nginx.crt 2>/dev/null
fi
if [ ! -f certs/data-protection.pfx ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=oro-opportunities-data-protection" \
    -keyout certs/data-protection.key -out certs/data-protection.crt 2>/dev/null
  openssl pkcs12 -export -inkey certs/data-protection.key -in certs/data-protection.crt \
    -out certs/data-protection.pfx -passout "pass:${ORO_DATA_PROTECTION_PASSWORD:-oro-dev-certificate}"
  rm certs/data-protection.key
fi
# The containers run as the image's "app" user.
chmod 644 certs/*
echo "deploy/certs: $(ls certs | tr '\n' ' ')"
