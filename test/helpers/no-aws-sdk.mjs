// `node --import ./test/helpers/no-aws-sdk.mjs ...`: runs a program with the AWS SDK made unloadable.
import { register } from 'node:module';

register('./no-aws-sdk-hooks.mjs', import.meta.url);
