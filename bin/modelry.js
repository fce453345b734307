#!/usr/bin/env node
// The build (npm install runs `prepare`) compiles src/ to dist/.
import '../dist/main/cli-entry.js';
