// The in-run baseline: a bare node:http server answering one fixed AWS JSON 1.1 body, with no routing,
// parsing or storage. Every Modelry figure is divided by this server's requests/s at the same concurrency.
import { createServer } from 'node:http';

const BODY = Buffer.from('{"ModelPackageArn":"arn:aws:sagemaker:us-east-1:000000000000:model-package/g/1"}');
const HEADERS = { 'content-type': 'application/x-amz-json-1.1', 'content-length': BODY.length };

const server = createServer((req, res) => {
  // Drain the request body like a real server must before answering.
  req.on('data', () => undefined);
  req.on('end', () => {
    res.writeHead(200, HEADERS);
    res.end(BODY);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`bare listening on http://127.0.0.1:${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
