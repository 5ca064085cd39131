import { randomBytes } from 'node:crypto';
import { ObjectId } from 'bson';
import { compareObjectIds } from '../../../server/embedded-mongo/engine/compare';

describe('compareObjectIds', () => {
  it('orders ObjectIds as their bytes, without building their buffers', () => {
    const ids = [
      ...Array.from({ length: 200 }, () => new ObjectId(randomBytes(12))),
      new ObjectId('000000000000000000000000'),
      new ObjectId('ffffffffffffffffffffffff'),
      new ObjectId('00000000000000000000ff00'),
      new ObjectId('00000000000000000000fe01'),
    ];
    for (let i = 0; i < ids.length; i++) {
      const [a, b] = [ids[i]!, ids[(i * 7 + 3) % ids.length]!];
      expect(compareObjectIds(a, b)).toBe(Math.sign(Buffer.compare(a.id, b.id)));
      expect(compareObjectIds(a, new ObjectId(a.toHexString()))).toBe(0);
    }
  });
});
