#!/usr/bin/env python3
import argparse
import json
import os
import sys
import urllib.request

API = "https://api.linear.app/graphql"


def gql(query, variables=None):
    key = os.environ.get("LINEAR_API_KEY")
    if not key:
        sys.exit("set LINEAR_API_KEY (Linear → Settings → API)")
    req = urllib.request.Request(
        API,
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json", "Authorization": key},
    )
    with urllib.request.urlopen(req, timeout=15) as r:
        body = json.load(r)
    if body.get("errors"):
        sys.exit(body["errors"][0]["message"])
    return body["data"]


def mine():
    d = gql("{ viewer { assignedIssues(filter: {state: {type: {nin: [\"completed\", \"canceled\"]}}}) { nodes { identifier title state { name } } } } }")
    for i in d["viewer"]["assignedIssues"]["nodes"]:
        print(f"{i['identifier']:10} {i['state']['name']:12} {i['title']}")


def search(text):
    d = gql("query($q: String!) { issueSearch(query: $q, first: 20) { nodes { identifier title } } }", {"q": text})
    for i in d["issueSearch"]["nodes"]:
        print(f"{i['identifier']:10} {i['title']}")


def create(team, title, body):
    t = gql("query($k: String!) { teams(filter: {key: {eq: $k}}) { nodes { id } } }", {"k": team})["teams"]["nodes"]
    if not t:
        sys.exit(f"no team {team}")
    d = gql(
        "mutation($i: IssueCreateInput!) { issueCreate(input: $i) { issue { identifier url } } }",
        {"i": {"teamId": t[0]["id"], "title": title, "description": body}},
    )
    print(d["issueCreate"]["issue"]["url"])


def move(ident, state):
    issue = gql("query($id: String!) { issue(id: $id) { id team { states { nodes { id name } } } } }", {"id": ident})["issue"]
    target = next((s["id"] for s in issue["team"]["states"]["nodes"] if s["name"].lower() == state.lower()), None)
    if not target:
        sys.exit(f"no state {state!r}")
    gql("mutation($id: String!, $s: String!) { issueUpdate(id: $id, input: {stateId: $s}) { success } }", {"id": issue["id"], "s": target})
    print(f"{ident} → {state}")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("mine")
    s = sub.add_parser("search")
    s.add_argument("text")
    c = sub.add_parser("create")
    c.add_argument("--team", required=True)
    c.add_argument("--title", required=True)
    c.add_argument("--body", default="")
    m = sub.add_parser("move")
    m.add_argument("ident")
    m.add_argument("state")
    a = ap.parse_args()
    if a.cmd == "mine":
        mine()
    elif a.cmd == "search":
        search(a.text)
    elif a.cmd == "create":
        create(a.team, a.title, a.body)
    else:
        move(a.ident, a.state)


if __name__ == "__main__":
    main()
