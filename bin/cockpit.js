#!/usr/bin/env node
import '../dist/cockpit.js';
