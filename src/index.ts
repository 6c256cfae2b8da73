import { run } from './main.js'

await run()
// Everything is written once run() returns; background compilation of undici's WebAssembly parser
// would otherwise keep the process alive ~80 ms. Exit once stdout has taken its last line.
process.stdout.write('', () => process.exit())
