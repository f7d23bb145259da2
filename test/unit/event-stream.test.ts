import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventStreamBody, sseEvent } from '../../src/live/event-stream.ts';

const decoder = new TextDecoder();
const turn = () => new Promise((resolve) => setImmediate(resolve));

test('an event is written as EventSource reads it; a line break in the data is one data line each', () => {
  assert.is(sseEvent('changed', '{"codes":["A01"]}', '17'), 'event: changed\ndata: {"codes":["A01"]}\nid: 17\n\n');
  assert.is(sseEvent('changed', 'one\ntwo\r\nthree', '1'), 'event: changed\ndata: one\ndata: two\ndata: three\nid: 1\n\n');
  assert.throws(() => sseEvent('changed\nevent: other', '', '1'), /line break/);
  assert.throws(() => sseEvent('changed', '', '1\n2'), /line break/);
});

test('what is written reaches the reader in order; a client that does not read makes ready() wait until it does', async () => {
  const stream = new EventStreamBody();
  const reader = stream.body.getReader();
  stream.write(': connected\n\n');
  assert.is(decoder.decode((await reader.read()).value), ': connected\n\n');
  const read = reader.read();
  stream.write('a');
  assert.is(decoder.decode((await read).value), 'a', 'straight to a waiting reader');
  await stream.ready();

  stream.write('b');
  let ready = false;
  void stream.ready().then(() => { ready = true; });
  await turn();
  assert.is(ready, false, 'the client has not taken "b" yet');
  assert.is(decoder.decode((await reader.read()).value), 'b');
  await turn();
  assert.is(ready, true, 'taken');
});

test('the stream ends once, whether the client goes away or the server closes it', async () => {
  const stream = new EventStreamBody();
  let ended = 0;
  stream.onClose(() => { ended++; });
  const reader = stream.body.getReader();
  stream.write('x');
  let ready = false;
  void stream.ready().then(() => { ready = true; });
  await reader.cancel();
  await turn();
  assert.is(stream.closed, true);
  assert.is(ended, 1);
  assert.is(ready, true, 'a writer waiting for a client that left goes on (and sees it closed)');
  stream.write('ignored');
  stream.close();
  assert.is(ended, 1, 'once');
  let late = 0;
  stream.onClose(() => { late++; });
  assert.is(late, 1, 'a hook added after the end runs at once');

  const closed = new EventStreamBody();
  const closedReader = closed.body.getReader();
  closed.write('last');
  closed.close();
  assert.is(decoder.decode((await closedReader.read()).value), 'last', 'what was written before the close is still read');
  assert.is((await closedReader.read()).done, true);
});

test.run();
