#!/usr/bin/env python3
"""Latency of the hub's three hot paths against a running hub, over real HTTP and real git (stdlib only).

usage: paths.py URL TOKEN USER [COMMITS] [PUSHES] [READS]

  commit       POST /api/models/USER/paths-commit/commit/main (NDJSON, one results file), answer received
  push         `git push` of one changed results file to USER/paths-push, from its start until the new value is
               on the leaderboard (what a user waits for)
  leaderboard  GET /api/datasets/USER/paths-bench/leaderboard?task_id=t1 with one row per model of the run

Prints one line per path: count, p50 and p99 in milliseconds.
"""
import base64, json, os, subprocess, sys, tempfile, time, urllib.request


def main():
    url, token, user = sys.argv[1].rstrip('/'), sys.argv[2], sys.argv[3]
    commits, pushes, reads = (int(a) for a in (sys.argv[4:7] + ['50', '30', '500'][len(sys.argv[4:7]):]))
    api = Api(url, token)
    bench, pushed, committed = user + '/paths-bench', user + '/paths-push', user + '/paths-commit'
    api.post('/api/repos/create', {'name': bench, 'type': 'dataset'})
    api.commit('datasets/' + bench, 'eval.yaml', 'name: B\ndescription: d\nevaluation_framework: '
               'lm-evaluation-harness\ntasks:\n  - id: t1\n')
    for repo in (pushed, committed):
        api.post('/api/repos/create', {'name': repo})
    # The commit path.
    latencies = []
    for i in range(commits):
        start = time.perf_counter()
        api.commit('models/' + committed, '.eval_results/r.yaml', result(bench, 100 + i))
        latencies.append(time.perf_counter() - start)
    report('commit', latencies)
    # The push path, until the value is visible.
    board = '/api/datasets/' + bench + '/leaderboard?task_id=t1'
    with tempfile.TemporaryDirectory() as tmp:
        clone = os.path.join(tmp, 'clone')
        host = url.split('://', 1)[1]
        git(tmp, 'clone', '-q', 'http://x:%s@%s/%s' % (token, host, pushed), clone)
        os.makedirs(os.path.join(clone, '.eval_results'), exist_ok=True)
        latencies = []
        for i in range(pushes):
            value = 2000 + i + 0.5
            with open(os.path.join(clone, '.eval_results', 'r.yaml'), 'w') as f:
                f.write(result(bench, value))
            git(clone, 'add', '.')
            git(clone, '-c', 'user.name=b', '-c', 'user.email=b@x', 'commit', '-qm', 'v%d' % i)
            start = time.perf_counter()
            git(clone, 'push', '-q', 'origin', 'main')
            needle = '"value":%s' % value
            while needle not in api.get(board):
                pass
            latencies.append(time.perf_counter() - start)
        report('push', latencies)
    # The leaderboard path.
    latencies = []
    for _ in range(reads):
        start = time.perf_counter()
        body = api.get(board)
        latencies.append(time.perf_counter() - start)
    assert '"value"' in body, body[:200]
    report('leaderboard', latencies)


def result(bench, value):
    return '- dataset:\n    id: %s\n    task_id: t1\n  value: %s\n' % (bench, value)


def report(name, latencies):
    ms = sorted(x * 1000 for x in latencies)
    pick = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]
    print('%-12s n=%-4d p50 %8.2f ms  p99 %8.2f ms' % (name, len(ms), pick(0.5), pick(0.99)), flush=True)


def git(cwd, *args):
    env = dict(os.environ, GIT_TERMINAL_PROMPT='0', HOME=cwd, GIT_CONFIG_NOSYSTEM='1')
    subprocess.run(('git',) + args, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class Api:
    def __init__(self, url, token):
        self.url, self.token = url, token

    def request(self, method, path, body=None, content_type='application/json'):
        req = urllib.request.Request(self.url + path, data=body, method=method)
        req.add_header('Authorization', 'Bearer ' + self.token)
        if body is not None:
            req.add_header('Content-Type', content_type)
        with urllib.request.urlopen(req) as answer:
            return answer.read().decode('utf-8')

    def get(self, path):
        return self.request('GET', path)

    def post(self, path, doc):
        return self.request('POST', path, json.dumps(doc).encode())

    def commit(self, repo_path, path, text):
        lines = [{'key': 'header', 'value': {'summary': 'bench'}},
                 {'key': 'file', 'value': {'path': path, 'encoding': 'base64',
                                           'content': base64.b64encode(text.encode()).decode()}}]
        body = '\n'.join(json.dumps(line) for line in lines).encode()
        return self.request('POST', '/api/%s/commit/main' % repo_path, body, 'application/x-ndjson')


if __name__ == '__main__':
    main()
