// Lambda entry of export-letters: its ports from the AWS composition root (built at INIT), its handler factory.
import { clock, config, holidays, ledger, letterSink, logger } from '../aws/compose';
import { createExportLettersHandler } from '../export-letters';

export const handler = createExportLettersHandler({ ledger, clock, logger, config, holidays }, letterSink);
