// vitest globalSetup: one moto_server for the whole run; tests read it with inject('motoEndpoint').
export { motoGlobalSetup as default } from '@envelope-kit/testkit/moto';
