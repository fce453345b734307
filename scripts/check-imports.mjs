#!/usr/bin/env node
// The import rules of ../shared/DESIGN.md §2, checked mechanically: which room may import which room,
// and which npm packages each room may use. Exits 1 listing every violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(import.meta.dirname, '..', 'src');

const ROOMS = {
  config: { rooms: [], packages: [] },
  domain: { rooms: [], packages: [] },
  access: { rooms: ['domain'], packages: [] },
  ports: { rooms: ['domain'], packages: [] },
  adapters: {
    rooms: ['domain', 'ports'],
    packages: ['better-sqlite3', 'pg', '@nats-io/transport-node', '@nats-io/jetstream', '@aws-sdk/client-s3'],
  },
  services: { rooms: ['domain', 'ports', 'access'], packages: [] },
  http: { rooms: ['domain', 'ports', 'access', 'services'], packages: ['fastify'] },
  workers: { rooms: ['domain', 'ports', 'services'], packages: [] },
  sdk: { rooms: [], packages: [] },
  cli: { rooms: ['sdk', 'config', 'main'], packages: [] },
  main: { rooms: ['*'], packages: ['*'] },
};

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (path.endsWith('.ts')) yield path;
  }
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;
const violations = [];

for (const file of files(SRC)) {
  const room = relative(SRC, file).split('/')[0];
  const rule = ROOMS[room];
  if (!rule) {
    violations.push(`${relative(SRC, file)}: src/${room}/ is not a room of DESIGN.md`);
    continue;
  }
  const isTest = file.endsWith('.test.ts');
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec.startsWith('node:')) continue;
    if (spec.startsWith('.')) {
      const target = relative(SRC, resolve(dirname(file), spec)).split('/')[0];
      if (target === room || rule.rooms.includes('*') || rule.rooms.includes(target)) continue;
      violations.push(`${relative(SRC, file)}: room ${room}/ may not import ${target}/ (${spec})`);
    } else {
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (isTest || rule.packages.includes('*') || rule.packages.includes(pkg)) continue;
      violations.push(`${relative(SRC, file)}: room ${room}/ may not use the package ${pkg}`);
    }
  }
}

if (violations.length > 0) {
  console.error(`Import rules broken (${violations.length}):\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
console.log('import rules: ok');
