"""The HTTP server of tests/it/to_http.rs: takes POSTs on a free loopback port, keeps every
request it got in DIR (NNNN.body, and NNNN.json: the headers and the status it answered), and
answers 200, or as told:

  --fail N          answer the first N requests with --fail-status (default 500)
  --fail-status S   the status of those answers (or of every answer, with --fail -1)
  --retry-after S   send `Retry-After: S` with the failing answers

Prints the port on the first line of stdout, then serves until killed.
"""

import argparse
import http.server
import json
import os
import threading


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--fail", type=int, default=0)
    parser.add_argument("--fail-status", type=int, default=500)
    parser.add_argument("--retry-after")
    args = parser.parse_args()
    lock = threading.Lock()
    seen = [0]

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Answer headers and body go out at once (no 40 ms wait for a delayed ACK).
        disable_nagle_algorithm = True

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            with lock:
                number = seen[0]
                seen[0] += 1
            failing = args.fail < 0 or number < args.fail
            status = args.fail_status if failing else 200
            name = os.path.join(args.dir, "%04d" % number)
            with open(name + ".body", "wb") as f:
                f.write(body)
            with open(name + ".json", "w") as f:
                # A header sent twice is kept as one, its values joined by ", ".
                headers = {k: ", ".join(self.headers.get_all(k)) for k in self.headers.keys()}
                json.dump({"status": status, "headers": headers}, f)
            answer = b"no thanks\n" if failing else b"ok\n"
            self.send_response(status)
            if failing and args.retry_after:
                self.send_header("Retry-After", args.retry_after)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *_):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


main()
