#!/usr/bin/env bash
# Seeds moto for the action's self-test job in .github/workflows/ci.yml, using the CLI built from the
# same commit: a KMS-sealed secret (`envelope push`), a local-key-sealed JSON secret, a plain secret
# and a local-key envelope file in the workspace. Writes the base64 KEK to $GITHUB_OUTPUT as
# `local-key` (masked first). Needs AWS_ENDPOINT_URL (moto) and dummy AWS credentials in the env.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${AWS_ENDPOINT_URL:?point AWS_ENDPOINT_URL at moto_server}"
: "${GITHUB_OUTPUT:?set GITHUB_OUTPUT to a file}"
region=${AWS_REGION:-us-east-1}

envelope() { node packages/cli/dist/bin.js "$@"; }
aws_() { aws --endpoint-url "$AWS_ENDPOINT_URL" --region "$region" "$@"; }

workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
head -c 32 /dev/urandom > "$workdir/kek.bin"
local_key=$(base64 -w0 < "$workdir/kek.bin")
echo "::add-mask::$local_key"

key_id=$(aws_ kms create-key --query KeyMetadata.KeyId --output text)
aws_ kms create-alias --alias-name alias/envelope-kit-self-test --target-key-id "$key_id"

# Values go in on stdin: the CLI never takes a secret from argv.
printf '%s' 'sealed with KMS' | envelope push ci/self-test/kms --key alias/envelope-kit-self-test
printf '%s' '{"user":"app","password":"p4ss-w0rd"}' \
  | envelope seal --key "local:$workdir/kek.bin" --context secret=ci/self-test/json > "$workdir/json.envelope"
aws_ secretsmanager create-secret --name ci/self-test/json --secret-string "file://$workdir/json.envelope" > /dev/null
aws_ secretsmanager create-secret --name ci/self-test/plain --secret-string 'plain value' > /dev/null
printf '%s' 'sealed in a file' | envelope seal --key "local:$workdir/kek.bin" > self-test.envelope.json

echo "local-key=$local_key" >> "$GITHUB_OUTPUT"
echo "seeded: ci/self-test/kms (aws-kms), ci/self-test/json (local), ci/self-test/plain, self-test.envelope.json (local)"
