import { builder } from '../builder.ts'
import './scalars.ts'
import './errors.ts'
import './enums.ts'
import './tenant.ts'
import './domains.ts'
import './members.ts'
import './admins.ts'
import './audit.ts'
import './member-imports.ts'
import './external.ts'
import './bots.ts'

export const schema = builder.toSchema({ sortSchema: true })
