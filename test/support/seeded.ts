// The seeded PRNG the tests and benchmarks share with the simulator (one definition: sim/seeded.ts).
export { seeded } from '../../sim/seeded';
