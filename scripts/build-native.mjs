// Builds the C++ kernel addon during `npm install`. A failed build never fails
// the install: Topiary then runs on the pure-TypeScript reference backend.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const nativeDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'native');
const gyp = process.env.npm_config_node_gyp;
const [cmd, baseArgs] = gyp ? [process.execPath, [gyp]] : ['node-gyp', []];
const args = [...baseArgs, 'rebuild', '-j', 'max'];
if (process.env.npm_config_nodedir) args.push(`--nodedir=${process.env.npm_config_nodedir}`);

const result = spawnSync(cmd, args, { cwd: nativeDir, encoding: 'utf8' });
const log = `${result.stdout ?? ''}\n${result.stderr ?? ''}\n${result.error ? String(result.error) : ''}`;
writeFileSync(join(nativeDir, 'build.log'), log);
if (result.status === 0) {
  console.log('topiary: native kernels built (native/build/Release/topiary_native.node)');
} else {
  console.log(
    'topiary: native kernel build failed, using the TypeScript reference backend (slower); see native/build.log',
  );
}
