/**
 * A realistic hardware catalog for demos, development and tests, generated from a compact table of
 * families × variants rather than hand-written rows. Names and categories are Spanish with their accents
 * ("Tarjeta gráfica", "Refrigeración líquida"): search must find "grafica" → "gráfica". SKUs are ASCII.
 * Changing this data changes what `vitrina db seed --sample` inserts (and what synthetic names look like);
 * SKUs already seeded are kept, so edit rather than reorder if stable SKUs matter to you.
 */

/** One product as seeded into `products`. `price` is a decimal string (numeric(12,2)). */
export interface SampleProduct {
  sku: string;
  name: string;
  brand: string;
  category: string;
  price: string;
}

/** `[sku code, label substituted for {v} in the family's name, price in euros]` */
type Variant = readonly [code: string, label: string, price: number];

interface Family {
  category: string;
  /** SKU prefix; a variant's SKU is `${sku}-${code}`. */
  sku: string;
  brand: string;
  /** The product name with `{v}` where the variant's label goes. */
  name: string;
  variants: readonly Variant[];
}

const C = {
  cpu: 'Procesadores',
  gpu: 'Tarjetas gráficas',
  board: 'Placas base',
  ram: 'Memoria RAM',
  storage: 'Almacenamiento',
  psu: 'Fuentes de alimentación',
  case: 'Cajas',
  cooling: 'Refrigeración',
  peripherals: 'Periféricos',
  monitors: 'Monitores',
} as const;

/** Brand name → its SKU segment (`be quiet!` → `BEQUIET`). */
const skuOf = (brand: string) => brand.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** A family of one brand: `family(C.cpu, 'AMD', 'Procesador AMD Ryzen {v}', [...], 'CPU')` → SKUs `CPU-AMD-…`. */
const family = (category: string, brand: string, name: string, variants: readonly Variant[], kind: string): Family => ({
  category,
  sku: `${kind}-${skuOf(brand)}`,
  brand,
  name,
  variants,
});

/** Graphics cards: every chip from each board partner's line, the partner's markup on top. */
function graphicsCards(chips: readonly Variant[], partners: readonly (readonly [brand: string, series: string, markup: number])[]): Family[] {
  return partners.map(([brand, series, markup]) => ({
    category: C.gpu,
    sku: `GPU-${skuOf(brand)}`,
    brand,
    name: `Tarjeta gráfica ${brand} ${series} {v}`,
    variants: chips.map(([code, label, price]) => [`${code}-${skuOf(series)}`, label, price + markup] as const),
  }));
}

/** Memory kits: the same kits from each brand's line, priced by the brand's factor. */
function memoryKits(kits: readonly Variant[], lines: readonly (readonly [brand: string, line: string, factor: number])[]): Family[] {
  return lines.map(([brand, line, factor]) => ({
    category: C.ram,
    sku: `RAM-${skuOf(brand)}-${skuOf(line)}`,
    brand,
    name: `Memoria RAM ${brand} ${line} {v}`,
    variants: kits.map(([code, label, price]) => [code, label, Math.round(price * factor) - 0.1] as const),
  }));
}

/** Capacities of one drive model: `capacities('990PRO', { '1TB': 119.9 })` → variant `990PRO-1TB`, label `1TB`. */
const capacities = (model: string, prices: Record<string, number>): Variant[] => Object.entries(prices).map(([cap, price]) => [`${model}-${cap}`, cap, price]);

/** Cases come in black and (for a little more) white. */
const inColours = (models: readonly Variant[]): Variant[] =>
  models.flatMap(([code, label, price]) => [[`${code}-BK`, `${label} negra`, price], [`${code}-WH`, `${label} blanca`, price + 5]] as const);

const families: readonly Family[] = [
  family(C.cpu, 'AMD', 'Procesador AMD Ryzen {v}', [
    ['R5-5600', '5 5600 3.5GHz AM4', 109.9], ['R7-5700X3D', '7 5700X3D 3.0GHz AM4', 219.9], ['R7-5800X3D', '7 5800X3D 3.4GHz AM4', 289.9],
    ['R5-7600', '5 7600 3.8GHz AM5', 199.9], ['R5-7600X', '5 7600X 4.7GHz AM5', 219.9], ['R7-7700X', '7 7700X 4.5GHz AM5', 299.9],
    ['R7-7800X3D', '7 7800X3D 4.2GHz AM5', 399.9], ['R9-7900X', '9 7900X 4.7GHz AM5', 379.9], ['R9-7950X', '9 7950X 4.5GHz AM5', 549.9],
    ['R9-7950X3D', '9 7950X3D 4.2GHz AM5', 629.9], ['R5-9600X', '5 9600X 3.9GHz AM5', 259.9], ['R7-9700X', '7 9700X 3.8GHz AM5', 339.9],
    ['R7-9800X3D', '7 9800X3D 4.7GHz AM5', 499.9], ['R9-9900X', '9 9900X 4.4GHz AM5', 449.9], ['R9-9950X', '9 9950X 4.3GHz AM5', 619.9],
  ], 'CPU'),
  family(C.cpu, 'Intel', 'Procesador Intel {v}', [
    ['I3-14100F', 'Core i3-14100F 3.5GHz LGA1700', 99.9], ['I5-12400F', 'Core i5-12400F 2.5GHz LGA1700', 119.9],
    ['I5-13400F', 'Core i5-13400F 2.5GHz LGA1700', 179.9], ['I5-14400F', 'Core i5-14400F 2.5GHz LGA1700', 199.9],
    ['I5-14600K', 'Core i5-14600K 3.5GHz LGA1700', 299.9], ['I7-14700K', 'Core i7-14700K 3.4GHz LGA1700', 399.9],
    ['I9-14900K', 'Core i9-14900K 3.2GHz LGA1700', 549.9], ['U5-245K', 'Core Ultra 5 245K 4.2GHz LGA1851', 309.9],
    ['U7-265K', 'Core Ultra 7 265K 3.9GHz LGA1851', 399.9], ['U9-285K', 'Core Ultra 9 285K 3.7GHz LGA1851', 629.9],
  ], 'CPU'),
  ...graphicsCards([
    ['RTX4060', 'GeForce RTX 4060 8GB GDDR6', 299.9], ['RTX4060TI', 'GeForce RTX 4060 Ti 8GB GDDR6', 399.9],
    ['RTX4070', 'GeForce RTX 4070 12GB GDDR6X', 569.9], ['RTX4070S', 'GeForce RTX 4070 SUPER 12GB GDDR6X', 629.9],
    ['RTX4070TIS', 'GeForce RTX 4070 Ti SUPER 16GB GDDR6X', 849.9], ['RTX4080S', 'GeForce RTX 4080 SUPER 16GB GDDR6X', 1099.9],
    ['RTX4090', 'GeForce RTX 4090 24GB GDDR6X', 1999.9], ['RTX5070', 'GeForce RTX 5070 12GB GDDR7', 649.9],
    ['RTX5070TI', 'GeForce RTX 5070 Ti 16GB GDDR7', 899.9], ['RTX5080', 'GeForce RTX 5080 16GB GDDR7', 1249.9],
  ], [['ASUS', 'TUF Gaming', 60], ['MSI', 'Ventus 2X', 0], ['Gigabyte', 'Windforce', 10]]),
  ...graphicsCards([
    ['RX7600', 'Radeon RX 7600 8GB GDDR6', 279.9], ['RX7700XT', 'Radeon RX 7700 XT 12GB GDDR6', 429.9],
    ['RX7800XT', 'Radeon RX 7800 XT 16GB GDDR6', 529.9], ['RX7900GRE', 'Radeon RX 7900 GRE 16GB GDDR6', 579.9],
    ['RX7900XTX', 'Radeon RX 7900 XTX 24GB GDDR6', 999.9], ['RX9070XT', 'Radeon RX 9070 XT 16GB GDDR6', 699.9],
  ], [['Sapphire', 'Pulse', 0], ['PowerColor', 'Hellhound', 10], ['Gigabyte', 'Gaming OC', 30]]),
  family(C.gpu, 'NVIDIA', 'Tarjeta gráfica NVIDIA {v} Founders Edition', [
    ['RTX4090-FE', 'GeForce RTX 4090 24GB GDDR6X', 1899.9], ['RTX5080-FE', 'GeForce RTX 5080 16GB GDDR7', 1189.9], ['RTX5070-FE', 'GeForce RTX 5070 12GB GDDR7', 619.9],
  ], 'GPU'),
  family(C.board, 'ASUS', 'Placa base ASUS {v}', [
    ['TUF-B650-PLUS-WIFI', 'TUF GAMING B650-PLUS WIFI AM5 ATX', 199.9], ['ROG-STRIX-X670E-E', 'ROG STRIX X670E-E GAMING WIFI AM5 ATX', 449.9],
    ['PRIME-B760M-A-WIFI', 'PRIME B760M-A WIFI LGA1700 mATX', 149.9], ['ROG-STRIX-Z790-F', 'ROG STRIX Z790-F GAMING WIFI II LGA1700 ATX', 389.9],
    ['TUF-X870-PLUS-WIFI', 'TUF GAMING X870-PLUS WIFI AM5 ATX', 279.9],
  ], 'MB'),
  family(C.board, 'MSI', 'Placa base MSI {v}', [
    ['MAG-B650-TOMAHAWK', 'MAG B650 TOMAHAWK WIFI AM5 ATX', 219.9], ['PRO-B760M-P', 'PRO B760M-P DDR4 LGA1700 mATX', 109.9],
    ['MPG-Z790-EDGE-TI', 'MPG Z790 EDGE TI MAX WIFI LGA1700 ATX', 349.9], ['MAG-X870-TOMAHAWK', 'MAG X870 TOMAHAWK WIFI AM5 ATX', 299.9],
    ['B550-GAMING-PLUS', 'B550 GAMING PLUS AM4 ATX', 119.9],
  ], 'MB'),
  family(C.board, 'Gigabyte', 'Placa base Gigabyte {v}', [
    ['B650-AORUS-ELITE-AX', 'B650 AORUS ELITE AX AM5 ATX', 209.9], ['Z790-AORUS-ELITE-AX', 'Z790 AORUS ELITE AX LGA1700 ATX', 249.9],
    ['A620M-S2H', 'A620M S2H AM5 mATX', 89.9], ['B550-AORUS-ELITE-V2', 'B550 AORUS ELITE V2 AM4 ATX', 129.9],
  ], 'MB'),
  family(C.board, 'ASRock', 'Placa base ASRock {v}', [
    ['B650M-PRO-RS', 'B650M Pro RS AM5 mATX', 149.9], ['X670E-TAICHI', 'X670E Taichi AM5 E-ATX', 529.9], ['B760M-PRO-RS', 'B760M Pro RS LGA1700 mATX', 119.9],
  ], 'MB'),
  ...memoryKits([
    ['D5-32G-6000', 'DDR5 32GB (2x16GB) 6000MHz CL30', 119.9], ['D5-64G-6000', 'DDR5 64GB (2x32GB) 6000MHz CL30', 219.9],
    ['D5-32G-5600', 'DDR5 32GB (2x16GB) 5600MHz CL36', 99.9], ['D4-16G-3200', 'DDR4 16GB (2x8GB) 3200MHz CL16', 44.9],
    ['D4-32G-3600', 'DDR4 32GB (2x16GB) 3600MHz CL18', 74.9],
  ], [['Kingston', 'FURY Beast', 1], ['Corsair', 'Vengeance', 1.05], ['G.Skill', 'Trident Z5 RGB', 1.15], ['Crucial', 'Pro', 0.95]]),
  family(C.storage, 'Samsung', 'SSD Samsung 990 PRO {v} M.2 NVMe PCIe 4.0', capacities('990PRO', { '1TB': 119.9, '2TB': 189.9, '4TB': 349.9 }), 'SSD'),
  family(C.storage, 'Samsung', 'SSD Samsung 870 EVO {v} 2.5" SATA', capacities('870EVO', { '500GB': 59.9, '1TB': 89.9, '2TB': 159.9 }), 'SSD'),
  family(C.storage, 'WD', 'SSD WD Black SN850X {v} M.2 NVMe PCIe 4.0', capacities('SN850X', { '1TB': 99.9, '2TB': 169.9, '4TB': 319.9 }), 'SSD'),
  family(C.storage, 'WD', 'SSD WD Blue SN580 {v} M.2 NVMe PCIe 4.0', capacities('SN580', { '500GB': 44.9, '1TB': 64.9, '2TB': 119.9 }), 'SSD'),
  family(C.storage, 'Crucial', 'SSD Crucial T500 {v} M.2 NVMe PCIe 4.0', capacities('T500', { '1TB': 89.9, '2TB': 149.9 }), 'SSD'),
  family(C.storage, 'Crucial', 'SSD Crucial P3 Plus {v} M.2 NVMe PCIe 4.0', capacities('P3PLUS', { '500GB': 39.9, '1TB': 59.9, '2TB': 109.9, '4TB': 219.9 }), 'SSD'),
  family(C.storage, 'Kingston', 'SSD Kingston KC3000 {v} M.2 NVMe PCIe 4.0', capacities('KC3000', { '1TB': 84.9, '2TB': 149.9 }), 'SSD'),
  family(C.storage, 'Kingston', 'SSD Kingston NV2 {v} M.2 NVMe PCIe 4.0', capacities('NV2', { '500GB': 34.9, '1TB': 54.9, '2TB': 104.9 }), 'SSD'),
  family(C.storage, 'Seagate', 'Disco duro Seagate BarraCuda {v} 3.5" SATA 7200 rpm', capacities('BARRACUDA', { '2TB': 64.9, '4TB': 89.9, '8TB': 169.9 }), 'HDD'),
  family(C.storage, 'WD', 'Disco duro WD Red Plus {v} 3.5" SATA para NAS', capacities('REDPLUS', { '4TB': 109.9, '8TB': 209.9 }), 'HDD'),
  family(C.psu, 'Corsair', 'Fuente de alimentación Corsair {v} 80 PLUS Gold modular', [['RM750E', 'RM750e 750W', 109.9], ['RM850E', 'RM850e 850W', 124.9], ['RM1000E', 'RM1000e 1000W', 169.9]], 'PSU'),
  family(C.psu, 'Seasonic', 'Fuente de alimentación Seasonic {v} 80 PLUS Gold modular', [['GX-650', 'Focus GX-650 650W', 99.9], ['GX-750', 'Focus GX-750 750W', 114.9], ['GX-850', 'Focus GX-850 850W', 134.9]], 'PSU'),
  family(C.psu, 'be quiet!', 'Fuente de alimentación be quiet! Pure Power 12 M {v} 80 PLUS Gold', [
    ['PP12M-650', '650W', 94.9], ['PP12M-750', '750W', 109.9], ['PP12M-850', '850W', 124.9], ['PP12M-1000', '1000W', 159.9],
  ], 'PSU'),
  family(C.psu, 'MSI', 'Fuente de alimentación MSI {v}', [['MAG-A650BN', 'MAG A650BN 650W 80 PLUS Bronze', 59.9], ['MAG-A850GL', 'MAG A850GL PCIE5 850W 80 PLUS Gold', 119.9]], 'PSU'),
  family(C.psu, 'NZXT', 'Fuente de alimentación NZXT {v} 80 PLUS Gold modular', [['C850', 'C850 Gold 850W', 129.9], ['C1200', 'C1200 Gold ATX 3.1 1200W', 199.9]], 'PSU'),
  family(C.case, 'Fractal Design', 'Caja Fractal Design {v}', inColours([['NORTH', 'North ATX', 139.9], ['POP-AIR', 'Pop Air ATX', 89.9], ['MESHIFY2C', 'Meshify 2 Compact ATX', 119.9], ['TORRENT', 'Torrent E-ATX', 219.9]]), 'CASE'),
  family(C.case, 'NZXT', 'Caja NZXT {v}', inColours([['H5-FLOW', 'H5 Flow ATX', 94.9], ['H7-FLOW', 'H7 Flow ATX', 129.9], ['H9-FLOW', 'H9 Flow ATX', 159.9]]), 'CASE'),
  family(C.case, 'Corsair', 'Caja Corsair {v}', inColours([['4000D', '4000D Airflow ATX', 104.9], ['5000D', '5000D Airflow ATX', 164.9]]), 'CASE'),
  family(C.case, 'Lian Li', 'Caja Lian Li {v}', inColours([['O11D-EVO', 'O11 Dynamic EVO ATX', 159.9], ['LANCOOL216', 'Lancool 216 ATX', 99.9]]), 'CASE'),
  family(C.case, 'be quiet!', 'Caja be quiet! {v} negra', [['PB500DX', 'Pure Base 500DX ATX', 109.9], ['SB800DX', 'Shadow Base 800 DX ATX', 209.9]], 'CASE'),
  family(C.cooling, 'Noctua', 'Disipador CPU Noctua {v}', [['NH-D15-G2', 'NH-D15 G2', 149.9], ['NH-U12S-REDUX', 'NH-U12S redux', 54.9], ['NH-L9I', 'NH-L9i de perfil bajo', 49.9], ['NH-U12A', 'NH-U12A', 129.9]], 'COOL'),
  family(C.cooling, 'Noctua', 'Ventilador Noctua {v}', [['NF-A12X25', 'NF-A12x25 PWM 120mm', 32.9], ['NF-A14', 'NF-A14 PWM 140mm', 27.9]], 'FAN'),
  family(C.cooling, 'be quiet!', 'Disipador CPU be quiet! {v}', [['DRP5', 'Dark Rock Pro 5', 89.9], ['PR2', 'Pure Rock 2', 39.9]], 'COOL'),
  family(C.cooling, 'DeepCool', 'Disipador CPU DeepCool {v}', [['AK620', 'AK620', 64.9], ['AK400', 'AK400', 34.9]], 'COOL'),
  family(C.cooling, 'Arctic', 'Refrigeración líquida Arctic {v}', [['LF3-280', 'Liquid Freezer III 280mm', 89.9], ['LF3-360', 'Liquid Freezer III 360mm', 109.9]], 'AIO'),
  family(C.cooling, 'Corsair', 'Refrigeración líquida Corsair {v}', [['H100I-ELITE', 'iCUE H100i ELITE CAPELLIX XT 240mm', 149.9], ['H150I-ELITE', 'iCUE H150i ELITE CAPELLIX XT 360mm', 189.9]], 'AIO'),
  family(C.cooling, 'NZXT', 'Refrigeración líquida NZXT {v}', [['KRAKEN-240', 'Kraken 240 RGB', 139.9], ['KRAKEN-360', 'Kraken 360 RGB', 179.9]], 'AIO'),
  family(C.peripherals, 'Logitech', 'Ratón gaming Logitech {v}', [['G502X', 'G502 X', 79.9], ['GPROX-SL2', 'G PRO X SUPERLIGHT 2 inalámbrico', 159.9], ['G305', 'G305 LIGHTSPEED inalámbrico', 39.9]], 'MOUSE'),
  family(C.peripherals, 'Logitech', 'Ratón Logitech {v}', [['MXMASTER3S', 'MX Master 3S inalámbrico', 109.9]], 'MOUSE'),
  family(C.peripherals, 'Razer', 'Ratón gaming Razer {v}', [['DAV3', 'DeathAdder V3', 89.9], ['BASILISK-V3', 'Basilisk V3', 69.9]], 'MOUSE'),
  family(C.peripherals, 'Logitech', 'Teclado mecánico Logitech {v}', [['G915-TKL', 'G915 TKL inalámbrico', 199.9], ['GPROX-TKL', 'G PRO X TKL LIGHTSPEED', 229.9]], 'KB'),
  family(C.peripherals, 'Corsair', 'Teclado mecánico Corsair {v}', [['K70-RGB-PRO', 'K70 RGB PRO Cherry MX Red', 169.9], ['K65-PLUS', 'K65 PLUS Wireless 75%', 159.9]], 'KB'),
  family(C.peripherals, 'HyperX', 'Auriculares gaming HyperX {v}', [['CLOUD3', 'Cloud III', 99.9], ['CLOUD-ALPHA', 'Cloud Alpha', 79.9]], 'HS'),
  family(C.peripherals, 'Logitech', 'Auriculares gaming Logitech {v}', [['GPROX2', 'G PRO X 2 LIGHTSPEED inalámbricos', 249.9]], 'HS'),
  family(C.peripherals, 'SteelSeries', 'Auriculares gaming SteelSeries {v}', [['ARCTIS-NOVA7', 'Arctis Nova 7 inalámbricos', 179.9]], 'HS'),
  family(C.monitors, 'LG', 'Monitor gaming LG {v}', [['27GP850-B', 'UltraGear 27GP850-B 27" QHD 180Hz', 349.9], ['27GR95QE', 'UltraGear OLED 27GR95QE 27" QHD 240Hz', 799.9]], 'MON'),
  family(C.monitors, 'Samsung', 'Monitor gaming Samsung {v}', [['ODYSSEY-G7', 'Odyssey G7 28" 4K 144Hz', 599.9], ['ODYSSEY-G5', 'Odyssey G5 27" QHD 165Hz', 279.9]], 'MON'),
  family(C.monitors, 'ASUS', 'Monitor gaming ASUS {v}', [['VG27AQ', 'TUF Gaming VG27AQ 27" QHD 165Hz', 299.9], ['PG27AQDM', 'ROG Swift OLED PG27AQDM 27" QHD 240Hz', 899.9]], 'MON'),
  family(C.monitors, 'MSI', 'Monitor gaming MSI {v}', [['MAG274QRF', 'MAG 274QRF-QD 27" QHD 180Hz', 329.9]], 'MON'),
  family(C.monitors, 'AOC', 'Monitor gaming AOC {v}', [['24G2SPU', '24G2SPU 24" FHD 165Hz', 149.9]], 'MON'),
  family(C.monitors, 'BenQ', 'Monitor gaming BenQ {v}', [['XL2546K', 'ZOWIE XL2546K 24.5" FHD 240Hz', 449.9]], 'MON'),
  family(C.monitors, 'Dell', 'Monitor gaming Dell {v}', [['S2721DGF', 'S2721DGF 27" QHD 165Hz', 369.9]], 'MON'),
];

/** Every sample product, in a stable order (families in the order above, then their variants). */
export const sampleProducts: readonly SampleProduct[] = families.flatMap((f) =>
  f.variants.map(([code, label, price]) => ({
    sku: `${f.sku}-${code}`,
    name: f.name.replace('{v}', label),
    brand: f.brand,
    category: f.category,
    price: price.toFixed(2),
  })),
);
