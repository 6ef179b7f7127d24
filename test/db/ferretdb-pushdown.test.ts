import { mongo as driver, type Connection } from 'mongoose';
import { connectMongo } from '../../db/mongo';
import { mongoUriFor, uniqueName } from '../support/stack';

/**
 * A filter the store narrows with an index still returns what MongoDB returns: the patched FerretDB
 * pushes equality down to SQLite (stack/ferretdb/README.md), and a pushed-down condition must never
 * drop a matching document: not one whose field is an array, nor a string with escapes, nor an
 * ObjectId spelled like a string.
 */
interface Thing {
  _id: string | driver.ObjectId;
  [field: string]: unknown;
}

describe('filters pushed down to the store return exactly the matching documents', () => {
  let mongo: Connection;
  let things: driver.Collection<Thing>;
  const awkward = 'a<b>&"q"\\ é \u2028 😀 \u0001';
  const objectId = new driver.ObjectId('507f1f77bcf86cd799439011');

  beforeAll(async () => {
    mongo = await connectMongo(mongoUriFor(uniqueName('pushdown')));
    things = mongo.db!.collection<Thing>('things');
    await things.createIndex({ email: 1 });
    await things.createIndex({ status: 1, at: 1 });
    await things.createIndex({ flag: 1 });
    await things.insertMany([
      { _id: 'p1', email: 'x@y.it', status: 'active', at: 1, flag: true },
      { _id: 'p2', email: ['z@y.it', 'x@y.it'], status: 'pending', flag: false },
      { _id: 'p3', email: awkward, status: ['pending', 'active'], flag: 'true' },
      { _id: objectId, email: '507f1f77bcf86cd799439011', status: 1 },
      { _id: 'p5', email: { nested: 'x@y.it' }, status: null },
      { _id: 'p6', email: 'X@y.it', status: 'active' },
      ...Array.from({ length: 30 }, (_, i) => ({ _id: `f${i}`, email: `f${i}@y.it`, status: 'other' })),
    ]);
  });
  afterAll(async () => {
    await mongo.dropDatabase();
    await mongo.close();
  });

  const cases: [string, driver.Filter<Thing>, string[]][] = [
    ['a string, also inside an array', { email: 'x@y.it' }, ['p1', 'p2']],
    ['a string with escapes and non-ASCII characters', { email: awkward }, ['p3']],
    ['$eq', { email: { $eq: 'x@y.it' } }, ['p1', 'p2']],
    ['$eq with another operator', { email: { $eq: 'x@y.it', $ne: 'z@y.it' } }, ['p1']],
    ['$in', { email: { $in: ['x@y.it', awkward] } }, ['p1', 'p2', 'p3']],
    ['$in with null (also a missing field)', { status: { $in: ['active', null] } }, ['p1', 'p3', 'p5', 'p6']],
    ['a status, also inside an array', { status: 'active' }, ['p1', 'p3', 'p6']],
    ['_id and another field', { _id: 'p1', status: 'active' }, ['p1']],
    ['_id and another field that does not match', { _id: 'p2', status: 'active' }, []],
    ['_id $in', { _id: { $in: ['p1', 'p3', 'missing'] } }, ['p1', 'p3']],
    ['a boolean is not its string', { flag: true }, ['p1']],
    ['a string is not a boolean', { flag: 'true' }, ['p3']],
    ['a string spelled like an ObjectId', { email: '507f1f77bcf86cd799439011' }, [objectId.toHexString()]],
    ['an ObjectId is not its string', { _id: '507f1f77bcf86cd799439011' }, []],
    ['an ObjectId', { _id: objectId }, [objectId.toHexString()]],
    ['case matters', { email: 'X@y.it' }, ['p6']],
    ['dot notation', { 'email.nested': 'x@y.it' }, ['p5']],
    ['with $comment', { email: 'x@y.it', $comment: 'why' }, ['p1', 'p2']],
  ];

  it.each(cases)('%s', async (_, filter, ids) => {
    const found = await things.find(filter).toArray();
    expect(found.map((doc) => String(doc._id)).sort()).toEqual([...ids].sort());
    const updated = await things.updateMany(filter, { $set: { touched: true } });
    expect(updated.matchedCount).toBe(ids.length);
    expect(await things.countDocuments(filter)).toBe(ids.length);
  });
});
