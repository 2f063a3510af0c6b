#!/usr/bin/env bash
set -euo pipefail
echo "profile: ${AWS_PROFILE:-default}"
aws sts get-caller-identity --output table

aws iam generate-credential-report >/dev/null
sleep 3
aws iam get-credential-report --query Content --output text | base64 -d > /tmp/cred-report.csv

echo "== root account"
awk -F, 'NR==2 {print "mfa_active="$8, "access_key_1_active="$9, "access_key_2_active="$14}' /tmp/cred-report.csv

echo "== console users without MFA"
awk -F, 'NR>2 && $4=="true" && $8=="false" {print $1}' /tmp/cred-report.csv

echo "== access keys older than 90 days"
cutoff=$(date -u -d '90 days ago' +%s 2>/dev/null || date -u -v-90d +%s)
awk -F, -v c="$cutoff" 'NR>2 && $9=="true" {cmd="date -u -d "$10" +%s"; cmd | getline t; close(cmd); if (t < c) print $1, $10}' /tmp/cred-report.csv

echo "== customer-managed policies with Action:* on Resource:*"
for arn in $(aws iam list-policies --scope Local --query 'Policies[].Arn' --output text); do
  v=$(aws iam get-policy --policy-arn "$arn" --query Policy.DefaultVersionId --output text)
  aws iam get-policy-version --policy-arn "$arn" --version-id "$v" --query PolicyVersion.Document --output json |
    grep -q '"Action": "\*"' && echo "$arn"
done

echo "== roles unused for 90+ days"
aws iam list-roles --query 'Roles[].RoleName' --output text | tr '\t' '\n' | while read -r r; do
  last=$(aws iam get-role --role-name "$r" --query 'Role.RoleLastUsed.LastUsedDate' --output text)
  [[ "$last" == "None" ]] && echo "$r (never used)"
done
rm -f /tmp/cred-report.csv
