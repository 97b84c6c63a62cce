/** Seeded, realistic customer data for the benchmark: the same seed gives the same records. */

/** mulberry32: a small, fast PRNG answering floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const options = (labels: string[], prefix: string) =>
  labels.map((label, i) => ({ value: `${prefix}${i + 1}`, label }));

export const tiers = options(['高价值', '重点', '潜力', '普通'], 't');
const tierWeights = [0.1, 0.2, 0.3, 0.4];
export const industries = options(
  [
    '信息技术',
    '制造业',
    '金融',
    '零售',
    '医疗健康',
    '教育',
    '物流',
    '房地产',
    '能源',
    '餐饮',
    '文化传媒',
    '农业',
  ],
  'i',
);
export const cities = options(
  [
    '北京',
    '上海',
    '广州',
    '深圳',
    '杭州',
    '南京',
    '苏州',
    '成都',
    '重庆',
    '武汉',
    '西安',
    '天津',
    '长沙',
    '郑州',
    '青岛',
    '厦门',
    '宁波',
    '合肥',
    '济南',
    '福州',
    '昆明',
    '大连',
    '沈阳',
    '无锡',
    '东莞',
    '佛山',
    '石家庄',
    '南昌',
    '贵阳',
    '哈尔滨',
  ],
  'c',
);
export const tags = options(
  ['价格敏感', '重视服务', '决策慢', '长期合作', '渠道客户', '需定制', '回款快', '新签'],
  'g',
);

/** The 12-field customer form, as POST /api/apps/:appId/forms takes it. */
export const customerForm = {
  key: 'customers',
  name: '客户信息档案',
  fields: [
    { key: 'customerNo', type: 'autonumber', label: '客户编号', format: 'C{YYYY}{000000}' },
    { key: 'customerName', type: 'text', label: '客户名称', required: true, unique: true },
    { key: 'tier', type: 'select', label: '客户分层', options: tiers },
    { key: 'industry', type: 'select', label: '所属行业', options: industries },
    { key: 'city', type: 'select', label: '城市', options: cities },
    { key: 'amount', type: 'currency', label: '累计合作金额' },
    { key: 'employees', type: 'number', label: '员工人数', precision: 0 },
    { key: 'lastDealOn', type: 'date', label: '最近合作时间' },
    { key: 'phone', type: 'phone', label: '联系电话' },
    { key: 'email', type: 'email', label: '邮箱' },
    { key: 'owner', type: 'member', label: '负责人' },
    { key: 'tags', type: 'multiselect', label: '标签', options: tags },
  ],
};

const brandChars =
  '华信达恒通盛鼎锦瑞泰宏安康嘉和祥隆兴源丰博创远航新力正天中联金银海山明德立顺辉腾飞启蓝星云智科佳合众诚宇晨阳光伟业汇永昌凯旋美优润泽广元荣鑫';
const industryWords: string[][] = [
  ['信息科技', '软件', '网络科技'],
  ['机械制造', '精密制造', '电子设备'],
  ['投资管理', '金融服务', '融资租赁'],
  ['商贸', '百货', '电子商务'],
  ['医疗器械', '生物科技', '药业'],
  ['教育科技', '培训', '文化教育'],
  ['物流', '供应链管理', '运输'],
  ['置业', '物业管理', '房地产开发'],
  ['新能源', '电力工程', '能源科技'],
  ['餐饮管理', '食品', '酒店管理'],
  ['文化传媒', '广告', '影视'],
  ['农业科技', '生态农业', '种业'],
];
const suffixes = ['有限公司', '股份有限公司', '集团有限公司', '有限责任公司'];

const B = brandChars.length;
// Mixed radix: city × industry × phrase × brand (2 chars) × suffix: about 28 million unique names.
const radices = [cities.length, industries.length, 3, B, B, suffixes.length];
const space = radices.reduce((a, b) => a * b, 1);
const stride = 7_368_787; // prime, so i → i·stride mod space visits every name once in a scattered order

/** The i-th company: a unique, realistic name, and the city and industry it implies. */
export function company(i: number) {
  let k = Number((BigInt(i) * BigInt(stride)) % BigInt(space));
  const d = radices.map((r) => {
    const x = k % r;
    k = Math.floor(k / r);
    return x;
  });
  const [c, ind, phrase, b1, b2, suf] = d;
  const name = `${cities[c].label}${brandChars[b1]}${brandChars[b2]}${industryWords[ind][phrase]}${suffixes[suf]}`;
  return { name, city: cities[c].value, industry: industries[ind].value };
}

function pickWeighted<T>(items: T[], weights: number[], r: number): T {
  let acc = 0;
  for (let i = 0; i < items.length; i++) if (r < (acc += weights[i])) return items[i];
  return items[items.length - 1];
}

/** API field values of customer i; `rnd` should be a prng seeded for this run. */
export function customerFields(i: number, rnd: () => number, userIds: string[]): Record<string, unknown> {
  const { name, city, industry } = company(i);
  const day = new Date(Date.UTC(2023, 0, 1) + Math.floor(rnd() * 1100) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const tagCount = Math.floor(rnd() * 4);
  const chosen = new Set<string>();
  for (let t = 0; t < tagCount; t++) chosen.add(tags[Math.floor(rnd() * tags.length)].value);
  return {
    customerName: name,
    tier: pickWeighted(tiers, tierWeights, rnd()).value,
    industry,
    city,
    amount: Math.round(10 ** (3 + rnd() * 4) * 100) / 100,
    employees: Math.round(10 ** (0.7 + rnd() * 4)),
    lastDealOn: day,
    phone: `1${3 + Math.floor(rnd() * 7)}${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`,
    email: `contact${i}@${['qq.com', '163.com', 'corp.cn', 'company.com.cn'][i % 4]}`,
    owner: userIds[Math.floor(rnd() * userIds.length)],
    tags: [...chosen],
  };
}
