/**
 * Writes docs/RULES.md, the rules reference, to stdout:
 *
 *   npx ts-node --transpile-only scripts/rules-doc.ts > docs/RULES.md
 */
import { renderRulesDoc } from '../src/engine/rules-doc';

export { renderRulesDoc };

if (require.main === module) process.stdout.write(renderRulesDoc());
