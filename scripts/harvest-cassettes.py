"""Extracts OpenAI request/usage pairs from a repository's vcrpy cassettes as corpus lines.

Usage: python3 scripts/harvest-cassettes.py REPO_DIR REPO_URL PREFIX OUT.jsonl EXISTING.jsonl[,...]
REPO_DIR is a git checkout (read at HEAD). Keeps HTTP 200 calls to api.openai.com chat/completions
and responses for OpenAI models from gpt-4o on, with the usage the API reported (JSON or the last
usage of an SSE stream); bodies already in EXISTING are skipped; the split is the first hex digit
of the SHA-1 of the body bytes as recorded (0-4 held out). Needs PyYAML.
"""
import hashlib, json, re, subprocess, sys, yaml

repo_dir, repo_url, prefix, out_path, existing = sys.argv[1:6]
commit = subprocess.check_output(['git', '-C', repo_dir, 'rev-parse', 'HEAD'], text=True).strip()
files = subprocess.check_output(['git', '-C', repo_dir, 'ls-tree', '-r', '--name-only', 'HEAD'], text=True).split('\n')
files = [f for f in files if '/cassettes/' in f and f.endswith(('.yaml', '.yml'))]
seen = set()
for path in existing.split(','):
    for line in open(path):
        if line.strip():
            seen.add(hashlib.sha1(json.dumps(json.loads(line)['request'], sort_keys=True).encode()).hexdigest())
MODEL_OK = re.compile(r'^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4|chatgpt-4o|codex|computer-use)')
SKIP = re.compile(r'audio|realtime|transcribe|tts|search-preview|image')
CAP = 64 * 1024

def body_text(b):
    if b is None: return None
    if isinstance(b, dict): b = b.get('string')
    if isinstance(b, bytes): b = b.decode('utf-8', 'replace')
    return b

def usage_of(text):
    if text is None: return None, False
    try:
        j = json.loads(text)
        u = j.get('usage') if isinstance(j, dict) else None
        return u, False
    except Exception:
        pass
    usage = None
    for ln in text.split('\n'):
        ln = ln.strip()
        if not ln.startswith('data:'): continue
        d = ln[5:].strip()
        if d == '[DONE]': continue
        try: ev = json.loads(d)
        except Exception: continue
        if isinstance(ev, dict):
            if ev.get('usage'): usage = ev['usage']
            r = ev.get('response')
            if isinstance(r, dict) and r.get('usage'): usage = r['usage']
    return usage, True

def cut(node):
    if isinstance(node, list): return [cut(x) for x in node]
    if isinstance(node, dict): return {k: cut(v) for k, v in node.items()}
    if isinstance(node, str) and node.startswith('data:') and len(node) > CAP: return node[:CAP]
    return node

out = open(out_path, 'w')
n = 0
for path in sorted(files):
    try:
        doc = yaml.safe_load(subprocess.check_output(['git', '-C', repo_dir, 'show', f'HEAD:{path}']))
    except Exception as e:
        continue
    for i, it in enumerate((doc or {}).get('interactions', []) or []):
        req, res = it.get('request', {}), it.get('response', {})
        uri = req.get('uri', '')
        if not uri.startswith('https://api.openai.com/v1/'): continue
        endpoint = 'chat' if uri.endswith('/chat/completions') else 'responses' if uri.endswith('/responses') else None
        if endpoint is None or (res.get('status') or {}).get('code') != 200: continue
        raw = body_text(req.get('body'))
        try: body = json.loads(raw)
        except Exception: continue
        model = str(body.get('model', ''))
        if not MODEL_OK.match(model) or SKIP.search(model): continue
        usage, streaming = usage_of(body_text(res.get('body')))
        if not usage: continue
        reported = usage.get('prompt_tokens', usage.get('input_tokens'))
        if not isinstance(reported, int) or reported <= 0: continue
        truncated = len(raw) > 0 and any(len(s) > CAP for s in re.findall(r'"(data:[^"]*)"', raw))
        body = cut(body)
        key = hashlib.sha1(json.dumps(body, sort_keys=True).encode()).hexdigest()
        if key in seen: continue
        seen.add(key)
        short = re.sub(r'^(python/)?tests/', '', path).replace('/cassettes/', '/').rsplit('.', 1)[0]
        rec = {
            'id': f'{prefix}:{short}#{i}',
            'source': {'repo': repo_url, 'path': path, 'commit': commit, 'interaction_index': i,
                       'url': f'{repo_url}/blob/{commit}/{path}'},
            'endpoint': endpoint,
            'fidelity': 'EXACT request body as recorded' + ('; base64 data URLs over 64 KiB truncated to their first 64 KiB (image header kept)' if truncated else ''),
            'streaming': streaming,
            'split': 'holdout' if hashlib.sha1(raw.encode()).hexdigest()[0] in '01234' else 'fit',
            'request': body,
            'usage': usage,
        }
        out.write(json.dumps(rec, ensure_ascii=False) + '\n')
        n += 1
print(n, 'pairs from', len(files), 'cassettes')
