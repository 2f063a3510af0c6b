#!/usr/bin/env bash
set -uo pipefail
apk=${1:?usage: inspect.sh APP.apk OUTDIR}
out=${2:-out}
for t in apktool jadx aapt2; do
  command -v "$t" >/dev/null || { echo "missing $t (apktool: https://apktool.org, jadx: https://github.com/skylot/jadx/releases)"; exit 1; }
done
mkdir -p "$out"
sha256sum "$apk" | tee "$out/sha256.txt"
apktool d -f -o "$out/apktool" "$apk" >/dev/null
jadx -q -d "$out/jadx" "$apk" >/dev/null 2>&1
aapt2 dump permissions "$apk" > "$out/permissions.txt"
aapt2 dump badging "$apk" | head -n 5 > "$out/badging.txt"

echo "== exported components without permission"
grep -nE 'android:exported="true"' "$out/apktool/AndroidManifest.xml" | grep -v 'android:permission=' || true
echo "== cleartext / network config"
grep -nE 'usesCleartextTraffic|networkSecurityConfig' "$out/apktool/AndroidManifest.xml" || true
echo "== endpoints"
grep -rhoE 'https?://[A-Za-z0-9._~:/?#@!$&()*+,;=%-]+' "$out/jadx" | sort | uniq -c | sort -rn | head -n 40
echo "== possible keys (masked)"
grep -rhoE '(AIza[0-9A-Za-z_-]{35}|sk_live_[0-9A-Za-z]{24,}|AKIA[0-9A-Z]{16})' "$out/jadx" | sed -E 's/^(.{6}).*(.{4})$/\1…\2/' | sort -u
echo "== dynamic code loading / exec"
grep -rnE 'DexClassLoader|InMemoryDexClassLoader|Runtime\.getRuntime\(\)\.exec|loadLibrary' "$out/jadx" | head -n 40
