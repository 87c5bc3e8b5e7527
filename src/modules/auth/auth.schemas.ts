import { z } from 'zod';
import { PermissionSchema, RoleSchema } from './permissions.js';

export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9][a-z0-9._-]{2,63}$/,
    'nome utente: 3-64 caratteri tra lettere, cifre, punto, trattino e trattino basso',
  );
export const PasswordInputSchema = z.string().min(1, 'password obbligatoria').max(1024);
export const DisplayNameSchema = z.string().trim().min(2).max(120);
export const EmailSchema = z.email().max(254);

export const LoginBodySchema = z
  .object({ username: z.string().trim().min(1).max(64), password: PasswordInputSchema })
  .strict();
export type LoginBody = z.infer<typeof LoginBodySchema>;

export const TotpLoginBodySchema = z
  .object({ challengeId: z.string().min(10).max(100), code: z.string().trim().min(6).max(10) })
  .strict();

export const LoginResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok') }),
  z.object({ status: z.literal('totp_required'), challengeId: z.string() }),
]);
export type LoginResult = z.infer<typeof LoginResultSchema>;

export const SessionUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  email: z.string().nullable(),
  totpEnabled: z.boolean(),
  /** TOTP is mandatory for this user's role: it cannot be turned off. */
  totpRequired: z.boolean(),
});

export const SessionInfoSchema = z.discriminatedUnion('authenticated', [
  z.object({ authenticated: z.literal(false), setupRequired: z.boolean() }),
  z.object({
    authenticated: z.literal(true),
    user: SessionUserSchema,
    permissions: z.array(PermissionSchema),
    csrfToken: z.string(),
    restrictions: z.object({ mustChangePassword: z.boolean(), mustEnrollTotp: z.boolean() }),
    expiresAt: z.string(),
  }),
]);
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const SetupBodySchema = z
  .object({
    token: z.string().min(10).max(200),
    username: UsernameSchema,
    displayName: DisplayNameSchema,
    password: PasswordInputSchema,
  })
  .strict();

export const ChangePasswordBodySchema = z
  .object({ currentPassword: PasswordInputSchema, newPassword: PasswordInputSchema })
  .strict();

export const TotpSetupResultSchema = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  qrSvg: z.string(),
});
export const TotpCodeBodySchema = z.object({ code: z.string().trim().min(6).max(10) }).strict();
export const PasswordBodySchema = z.object({ password: PasswordInputSchema }).strict();

export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  email: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  totpEnabled: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  cameraGroups: z
    .array(z.string())
    .nullable()
    .describe('camera groups the user is limited to; null: every camera'),
});
export type User = z.infer<typeof UserSchema>;

/** Names of camera visibility groups (e.g. "unione-val-d-enza"). */
export const CameraGroupsSchema = z
  .array(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'gruppo: lettere minuscole, cifre, - e _'),
  )
  .max(20);

export const NewUserSchema = z
  .object({
    username: UsernameSchema,
    displayName: DisplayNameSchema,
    role: RoleSchema,
    password: PasswordInputSchema,
    email: EmailSchema.optional(),
  })
  .strict();
export type NewUser = z.infer<typeof NewUserSchema>;

export const UserPatchSchema = z
  .object({
    displayName: DisplayNameSchema.optional(),
    role: RoleSchema.optional(),
    email: EmailSchema.nullable().optional(),
    cameraGroups: CameraGroupsSchema.nullable().optional(),
  })
  .strict();
export type UserPatch = z.infer<typeof UserPatchSchema>;

export const RoleInfoSchema = z.object({
  role: RoleSchema,
  permissions: z.array(PermissionSchema),
  totpRequired: z.boolean(),
});
export const TotpRequiredBodySchema = z.object({ required: z.boolean() }).strict();
