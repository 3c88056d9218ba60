// Accounts: sign-up, login, tokens, profile.
import { z } from 'zod';
import { idSchema, isoDate } from './common.js';

export const userRoleSchema = z.enum(['user', 'admin']);

export const userSchema = z.object({
  id: idSchema,
  email: z.string().nullable(),
  name: z.string(),
  avatarUrl: z.string().nullable(),
  role: userRoleSchema,
  createdAt: isoDate,
});
export type User = z.infer<typeof userSchema>;

/** Another user as people lists show them. */
export const publicUserSchema = z.object({ id: idSchema, name: z.string(), avatarUrl: z.string().nullable() });
export type PublicUser = z.infer<typeof publicUserSchema>;

const email = z.email({ message: 'Enter a valid email address' }).max(320).transform((e) => e.toLowerCase());
const password = z
  .string({ message: 'Password is required' })
  .min(8, { message: 'Password must be at least 8 characters' })
  .max(200, { message: 'Password must be at most 200 characters' });
const name = z
  .string({ message: 'Name is required' })
  .trim()
  .min(1, { message: 'Name is required' })
  .max(100, { message: 'Name must be at most 100 characters' });

export const signupBodySchema = z.object({ email, password, name });
export type SignupBody = z.input<typeof signupBodySchema>;

export const loginBodySchema = z.object({ email, password: z.string({ message: 'Password is required' }).min(1) });
export type LoginBody = z.input<typeof loginBodySchema>;

export const refreshBodySchema = z.object({ refreshToken: z.string().min(20).max(200) });
export const logoutBodySchema = z.object({ refreshToken: z.string().min(20).max(200).optional() });

export const sessionSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number(),
  user: userSchema,
});
export type Session = z.infer<typeof sessionSchema>;

export const oidcExchangeBodySchema = z.object({ code: z.string().min(10).max(200) });

export const updateProfileBodySchema = z
  .object({
    name: name.optional(),
    avatarUrl: z
      .string()
      .regex(/^\/files\/[A-Za-z0-9._-]+$/, { message: 'Avatar must be an uploaded file' })
      .nullable()
      .optional(),
  })
  .refine((b) => b.name !== undefined || b.avatarUrl !== undefined, { message: 'Nothing to update' });
export type UpdateProfileBody = z.input<typeof updateProfileBodySchema>;

export const setRoleBodySchema = z.object({ role: userRoleSchema });

export const forgotPasswordBodySchema = z.object({ email });
export type ForgotPasswordBody = z.input<typeof forgotPasswordBodySchema>;

/** The same answer whether or not the account exists, so the route tells nobody which emails have one. */
export const forgotPasswordAcceptedSchema = z.object({ ok: z.literal(true), message: z.string() });

export const resetPasswordBodySchema = z.object({
  token: z
    .string({ message: 'Reset token is required' })
    .min(20, { message: 'This reset link is incomplete' })
    .max(200, { message: 'This reset link is not valid' }),
  password,
});
export type ResetPasswordBody = z.input<typeof resetPasswordBodySchema>;
