/*
 * The 18 régions as a tile-grid cartogram: one tile per région, placed to keep neighbours next to
 * each other (our own layout, no outside geometry). Codes are INSEE région codes.
 */
window.MAILLAGE_REGIONS = [
  { code: '28', nom: 'Normandie', abr: 'NOR', x: 1, y: 0 },
  { code: '32', nom: 'Hauts-de-France', abr: 'HDF', x: 2, y: 0 },
  { code: '53', nom: 'Bretagne', abr: 'BRE', x: 0, y: 1 },
  { code: '52', nom: 'Pays de la Loire', abr: 'PDL', x: 1, y: 1 },
  { code: '11', nom: 'Île-de-France', abr: 'IDF', x: 2, y: 1 },
  { code: '44', nom: 'Grand Est', abr: 'GES', x: 3, y: 1 },
  { code: '75', nom: 'Nouvelle-Aquitaine', abr: 'NAQ', x: 1, y: 2 },
  { code: '24', nom: 'Centre-Val de Loire', abr: 'CVL', x: 2, y: 2 },
  { code: '27', nom: 'Bourgogne-Franche-Comté', abr: 'BFC', x: 3, y: 2 },
  { code: '76', nom: 'Occitanie', abr: 'OCC', x: 1, y: 3 },
  { code: '84', nom: 'Auvergne-Rhône-Alpes', abr: 'ARA', x: 2, y: 3 },
  { code: '93', nom: 'Provence-Alpes-Côte d\u2019Azur', abr: 'PACA', x: 3, y: 3 },
  { code: '94', nom: 'Corse', abr: 'COR', x: 4, y: 4 },
  { code: '01', nom: 'Guadeloupe', abr: 'GUA', x: 0, y: 5.4, outreMer: true },
  { code: '02', nom: 'Martinique', abr: 'MTQ', x: 1, y: 5.4, outreMer: true },
  { code: '03', nom: 'Guyane', abr: 'GUY', x: 2, y: 5.4, outreMer: true },
  { code: '04', nom: 'La Réunion', abr: 'REU', x: 3, y: 5.4, outreMer: true },
  { code: '06', nom: 'Mayotte', abr: 'MAY', x: 4, y: 5.4, outreMer: true }
];
