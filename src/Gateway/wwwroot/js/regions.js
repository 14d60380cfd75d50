// The three regions of the 34 provinces and cities (since 2025), for grouping the wall view's tiles.
// Keys are the province names as the connection points carry them.
const north = [
  'Hà Nội', 'Hải Phòng', 'Quảng Ninh', 'Cao Bằng', 'Lạng Sơn', 'Tuyên Quang', 'Lào Cai', 'Thái Nguyên',
  'Phú Thọ', 'Bắc Ninh', 'Hưng Yên', 'Ninh Bình', 'Lai Châu', 'Điện Biên', 'Sơn La',
];
const central = [
  'Thanh Hóa', 'Nghệ An', 'Hà Tĩnh', 'Quảng Trị', 'Huế', 'Đà Nẵng', 'Quảng Ngãi', 'Gia Lai', 'Khánh Hòa',
  'Lâm Đồng', 'Đắk Lắk',
];
const south = [
  'Thành phố Hồ Chí Minh', 'Đồng Nai', 'Tây Ninh', 'Cần Thơ', 'Vĩnh Long', 'Đồng Tháp', 'Cà Mau', 'An Giang',
];

export const regions = ['north', 'central', 'south'];

const byProvince = new Map([
  ...north.map((p) => [p, 'north']),
  ...central.map((p) => [p, 'central']),
  ...south.map((p) => [p, 'south']),
]);

// Spellings that the old and new orthography both use (Thanh Hoá / Thanh Hóa), and short forms.
const aliases = new Map([
  ['Thanh Hoá', 'Thanh Hóa'], ['Khánh Hoà', 'Khánh Hòa'], ['TP Hồ Chí Minh', 'Thành phố Hồ Chí Minh'],
  ['TP. Hồ Chí Minh', 'Thành phố Hồ Chí Minh'], ['Hồ Chí Minh', 'Thành phố Hồ Chí Minh'], ['Thừa Thiên Huế', 'Huế'],
  ['Đắc Lắk', 'Đắk Lắk'],
]);

/** north, central or south; null for a province this table does not know (shown in a group of its own). */
export function regionOf(province) {
  const name = (province ?? '').normalize('NFC').trim();
  return byProvince.get(aliases.get(name) ?? name) ?? null;
}

/** The order of the provinces within their region, north to south, for a stable layout. */
export function provinceOrder(province) {
  const name = aliases.get(province) ?? province;
  const index = [...north, ...central, ...south].indexOf(name);
  return index < 0 ? 999 : index;
}

export const provinceCount = byProvince.size;
