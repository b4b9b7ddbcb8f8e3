#!/usr/bin/env python3
"""Times `rapport serve` from saving a post to the `reload` event that names it.

Usage: scripts/preview_latency.py SITE RAPPORT_BINARY [--edits N] [--post INDEX] [--browser]

Starts `rapport serve SITE --port 0`, opens /_rapport/events, then N times
appends a line to one post and times until the `reload` event arrives (the
moment an open tab starts reloading). Prints each time, and the server's own
"Rebuilt ... in X ms" line for each edit. Restores the post at the end.

With --browser, the post is also open in headless Chromium (chromium and
chromedriver, over WebDriver, as tests/it/browser.rs does), and each edit is
timed until the reloaded tab's text contains it (polled every ~10 ms, so the
times include up to one WebDriver round trip).
"""
import argparse, http.client, json, os, re, shutil, socket, subprocess, sys, tempfile, threading, time

parser = argparse.ArgumentParser()
parser.add_argument("site")
parser.add_argument("binary")
parser.add_argument("--edits", type=int, default=8)
parser.add_argument("--post", type=int, default=3, help="which post (sorted by file name)")
parser.add_argument("--browser", action="store_true", help="also time save -> visible in headless Chromium")
args = parser.parse_args()

server = subprocess.Popen([args.binary, "serve", args.site, "--port", "0"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
address = None
for line in server.stdout:
    match = re.search(r"Serving at http://([^/]+)/", line)
    if match:
        address = match.group(1)
        break
rebuilds = []
def drain():
    for line in server.stdout:
        match = re.search(r"Rebuilt \d+ pages in (\d+) ms", line)
        if match:
            rebuilds.append(int(match.group(1)))
threading.Thread(target=drain, daemon=True).start()
host, port = address.rsplit(":", 1)

posts_dir = os.path.join(args.site, "content/posts")
post = os.path.join(posts_dir, sorted(p for p in os.listdir(posts_dir) if p.endswith(".md"))[args.post])
original = open(post).read()
times = []
shown = []


class Browser:
    """Headless Chromium over WebDriver."""

    def __init__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.driver = subprocess.Popen(["chromedriver", f"--port={self.port}"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.profile = tempfile.mkdtemp()
        for _ in range(400):
            try:
                socket.create_connection(("127.0.0.1", self.port)).close()
                break
            except OSError:
                time.sleep(0.05)
        args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", f"--user-data-dir={self.profile}"]
        value = self.call("POST", "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": {"binary": shutil.which("chromium"), "args": args}}}})
        self.session = value["sessionId"]

    def call(self, method, path, body):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        connection.request(method, path, json.dumps(body), {"Content-Type": "application/json"})
        value = json.loads(connection.getresponse().read())["value"]
        connection.close()
        return value

    def open(self, url):
        self.call("POST", f"/session/{self.session}/url", {"url": url})

    def run(self, script, *args):
        return self.call("POST", f"/session/{self.session}/execute/sync", {"script": script, "args": list(args)})

    def close(self):
        try:
            self.call("DELETE", f"/session/{self.session}", {})
        finally:
            self.driver.kill()
            shutil.rmtree(self.profile, ignore_errors=True)


browser = None
if args.browser:
    browser = Browser()
    slug = os.path.basename(post)[:-3]
    browser.open(f"http://{address}/posts/{slug}/")
    time.sleep(1.0)
try:
    for i in range(args.edits):
        if browser:
            browser.run("document.body.dataset.before = 1; return true")
        stream = socket.create_connection((host, int(port)))
        stream.sendall(b"GET /_rapport/events HTTP/1.1\r\nHost: x\r\n\r\n")
        stream.settimeout(60)
        received = b""
        while b"retry:" not in received:
            received += stream.recv(4096)
        time.sleep(0.3)
        started = time.time()
        with open(post, "w") as f:
            f.write(original + f"\n\nEdit number {i}.\n")
        received = b""
        while not re.search(rb"event: reload\ndata: [^\n]*\n", received):
            received += stream.recv(65536)
        times.append((time.time() - started) * 1000)
        stream.close()
        if browser:
            marker = f"Edit number {i}."
            while not browser.run("return !document.body.dataset.before && document.body.innerText.includes(arguments[0])", marker):
                if time.time() - started > 60:
                    sys.exit("the browser did not show the edit within 60 s")
                time.sleep(0.01)
            shown.append((time.time() - started) * 1000)
        time.sleep(0.7)
finally:
    if browser:
        browser.close()
    with open(post, "w") as f:
        f.write(original)
    time.sleep(0.5)
    server.kill()
print("post:", os.path.relpath(post, args.site))
print("save -> reload event, ms:", [round(t) for t in times])
if shown:
    print("save -> visible in Chromium, ms:", [round(t) for t in shown])
print("server's rebuild time, ms:", rebuilds[:len(times)])
print("load average:", open("/proc/loadavg").read().split()[:3])
