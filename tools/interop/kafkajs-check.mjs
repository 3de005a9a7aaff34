// Third-party interoperability check: kafkajs + @kafkajs/confluent-schema-registry (the Node.js clients many
// services use) read stancewatch's topics with nothing but the bootstrap address and the registry URL, and
// register a schema of their own and produce an article that stancewatch's pipeline then counts.
//   npm install kafkajs @kafkajs/confluent-schema-registry
//   node tools/interop/kafkajs-check.mjs 127.0.0.1:9092 http://127.0.0.1:8081
import { Kafka, logLevel } from 'kafkajs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { readFileSync } from 'node:fs';

const [bootstrap = '127.0.0.1:9092', registryUrl = 'http://127.0.0.1:8081'] = process.argv.slice(2);
const kafka = new Kafka({ clientId: 'interop-check', brokers: [bootstrap], logLevel: logLevel.NOTHING });
const registry = new SchemaRegistry({ host: registryUrl });

async function readAll(topic, max = 10000, idleMs = 3000, firstMs = 30000) {
  const consumer = kafka.consumer({ groupId: `interop-${topic}-${Date.now()}`, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const values = [];
  let last = 0; // no message yet: wait up to firstMs for the group join and the first fetch
  const started = Date.now();
  await consumer.run({
    eachMessage: async ({ message }) => {
      last = Date.now();
      if (message.value) values.push({ key: message.key?.toString(), value: await registry.decode(message.value) });
    },
  });
  while (values.length < max) {
    const now = Date.now();
    if (last === 0 ? now - started > firstMs : now - last > idleMs) break;
    await new Promise(r => setTimeout(r, 250));
  }
  await consumer.disconnect();
  return values;
}

const articles = await readAll('articles');
console.log(`articles: ${articles.length} decoded, e.g. ${articles[0]?.key}: "${articles[0]?.value.title}"`);
const enriched = await readAll('articles.enriched');
console.log(`articles.enriched: ${enriched.length} decoded, e.g. ${enriched[0]?.value.stances.map(s => `${s.actorId}=${s.stance}`).slice(0, 4).join(' ')}`);
const daily = await readAll('mentions.daily');
const isis = daily.filter(d => d.key?.startsWith('isis|')).pop();
console.log(`mentions.daily: ${daily.length} decoded, e.g. ${isis?.key}: mentions=${isis?.value.mentions} against=${isis?.value.against}`);

// Register (or look up) the Article schema under articles-value from the repo's .avsc and produce one article.
const schema = readFileSync(process.env.ARTICLE_AVSC ?? new URL('../../schemas/Article.avsc', import.meta.url), 'utf8');
const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject: 'articles-value' });
const producer = kafka.producer();
await producer.connect();
const article = {
  id: 'interop-kafkajs-1', title: 'Interop check', body: 'Russia and Iran condemned ISIS after the attack in Baghdad.',
  url: null, outlet: 'kafkajs', language: 'en', publishedDate: null, publishedAt: null,
  ingestedAt: Date.now(), source: 'kafkajs-check', metadata: {},
};
await producer.send({ topic: 'articles', messages: [{ key: article.id, value: await registry.encode(id, article) }] });
await producer.disconnect();
console.log(`produced ${article.id} with schema id ${id}`);
