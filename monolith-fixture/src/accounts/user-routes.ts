// Mounted at /api/users.
import { Router } from 'express';
import { z } from 'zod';
import { notFound, parseId } from '../lib/utils.js';
import { addAddress, deleteAddress, findAddress, listAddresses } from './address-repo.js';
import { findUserById, toUser, updateUserName } from './user-repo.js';

export const userRouter = Router();

const patchUserSchema = z.object({ name: z.string().trim().min(1).max(120) });
const addressSchema = z.object({
  line1: z.string().trim().min(1).max(200),
  city: z.string().trim().min(1).max(100),
  postalCode: z.string().trim().min(1).max(20),
  country: z.string().length(2).toUpperCase(),
  isDefault: z.boolean().default(false),
});

async function loadUser(id: number) {
  const row = await findUserById(id);
  if (!row) throw notFound('user', id);
  return row;
}

userRouter.get('/:id', async (req, res) => {
  res.json(toUser(await loadUser(parseId(req.params.id))));
});

userRouter.patch('/:id', async (req, res) => {
  const id = parseId(req.params.id);
  const { name } = patchUserSchema.parse(req.body);
  await loadUser(id);
  await updateUserName(id, name);
  res.json(toUser(await loadUser(id)));
});

userRouter.get('/:id/addresses', async (req, res) => {
  const id = parseId(req.params.id);
  await loadUser(id);
  res.json({ items: await listAddresses(id) });
});

userRouter.post('/:id/addresses', async (req, res) => {
  const id = parseId(req.params.id);
  const input = addressSchema.parse(req.body);
  await loadUser(id);
  const addressId = await addAddress(id, input);
  res.status(201).json(await findAddress(id, addressId));
});

userRouter.delete('/:id/addresses/:addressId', async (req, res) => {
  const deleted = await deleteAddress(parseId(req.params.id), parseId(req.params.addressId, 'addressId'));
  if (!deleted) throw notFound('address', req.params.addressId);
  res.status(204).end();
});
