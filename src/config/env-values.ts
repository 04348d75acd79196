import { z } from "zod";

// The value types of environment variables, shared by the core's schema and the features' sections.

export const commaList = z
  .string()
  .transform((value) => value.split(",").map((part) => part.trim()).filter(Boolean));

export const postgresUrl = z
  .string()
  .url()
  .refine((url) => /^postgres(ql)?:\/\//.test(url), "must start with postgres:// or postgresql://");

export const port = z.coerce.number().int().min(0).max(65_535);
export const positiveInt = z.coerce.number().int().positive();
export const nonNegativeInt = z.coerce.number().int().min(0);
export const flag = z.enum(["true", "false"]).transform((value) => value === "true");
/** A flag whose default follows from other settings: unset stays undefined. */
export const optionalFlag = z.enum(["true", "false"]).optional();
