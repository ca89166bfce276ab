/* The national dashboard: first figures from the API, then live from the Server-Sent Events stream. */
(function () {
  'use strict';

  var nombre = new Intl.NumberFormat('fr-FR');
  var pourcent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });
  var euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', notation: 'compact', maximumFractionDigits: 1 });
  // to the euro where a rounded figure would hide what is left (19,96 M€ is not « 20 M€ sur 20 M€ »)
  var eurosExacts = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
  var heures = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
  var REGIONS = window.MAILLAGE_REGIONS || [];
  var NOM_REGION = {};
  REGIONS.forEach(function (r) { NOM_REGION[r.code] = r.nom; });

  var CATEGORIES = {
    TRAINING: 'Formation', APPRENTICESHIP: 'Apprentissage', WORKSHOP: 'Atelier', EVENT: 'Événement',
    COWORKING: 'Coworking', DIGITAL_MEDIATION: 'Médiation numérique', BUSINESS_SUPPORT: 'Accompagnement d\u2019entreprises',
    PUBLIC_AGENT_TRAINING: 'Formation d\u2019agents publics', OTHER: 'Autre'
  };
  var STATUTS_LOCAUX = [
    ['OFFERED', 'Proposés, sans candidature'], ['APPLIED', 'Proposés, avec candidatures'], ['RESERVED', 'Réservés'],
    ['AGREEMENT_SIGNED', 'Convention signée'], ['OFFER_ENDED', 'Disponibilité échue, sans réservation'],
    ['WITHDRAWN', 'Retirés']
  ];
  var CONDITIONS = { FREE: 'Gratuits', MODERATE_RENT: 'Loyer modéré', MARKET_RENT: 'Loyer de marché' };
  var TAILLES = {
    UNDER_3500: 'Moins de 3\u202f500 habitants', FROM_3500_TO_20000: 'De 3\u202f500 à moins de 20\u202f000 habitants',
    FROM_20000_TO_100000: 'De 20\u202f000 à moins de 100\u202f000 habitants', FROM_100000: '100\u202f000 habitants et plus'
  };
  /** The headline figures' labels, singular and plural. */
  var FABRIQUE = ['Fabrique de territoire', 'Fabriques de territoire'];
  var PARTICIPANT = ['participant aux activités déclarées', 'participants aux activités déclarées'];
  var LOCAL = ['local proposé par les collectivités', 'locaux proposés par les collectivités'];
  var ENGAGE = ['engagé sur les fonds', 'engagés sur les fonds'];
  var NOMS_FONDS = { ENDOWMENT: 'Fonds de dotation', INVESTMENT: 'Fonds d\u2019investissement' };

  function $(id) { return document.getElementById(id); }
  function texte(id, valeur) { var el = $(id); if (el) { el.textContent = valeur; } }
  function vider(el) { while (el.firstChild) { el.removeChild(el.firstChild); } }
  function element(nom, classe, contenu) {
    var el = document.createElement(nom);
    if (classe) { el.className = classe; }
    if (contenu !== undefined) { el.textContent = contenu; }
    return el;
  }
  /**
   * A count with its noun, agreed as French does: singular below 2 (« 1 tiers-lieu », « 1,5 heure »),
   * for the number as shown (1,96 shown as « 2 » takes the plural).
   */
  function compte(n, singulier, pluriel, format) {
    return (format || nombre).format(n) + ' ' + accord(n, singulier, pluriel, format);
  }

  function accord(n, singulier, pluriel, format) {
    var f = format || nombre;
    var chiffres = f.resolvedOptions().maximumFractionDigits;
    var affiche = Math.round(Math.abs(n) * Math.pow(10, chiffres)) / Math.pow(10, chiffres);
    return affiche < 2 ? singulier : pluriel;
  }

  /** A headline figure, and its label (the element {@code id + '-libelle'}) agreed with it. */
  function chiffreCle(id, n, singulier, pluriel, format) {
    texte(id, (format || nombre).format(n));
    texte(id + '-libelle', accord(n, singulier, pluriel, format));
  }

  /* ---------- tiers-lieux: headline, map, territories ---------- */

  function afficherVueEnsemble(vue) {
    chiffreCle('total-tiers-lieux', vue.total, 'tiers-lieu enregistré', 'tiers-lieux enregistrés');
    var territoires = vue.byTerritory || {};
    var metropoles = territoires.METROPOLE || 0;
    var autres = territoires.OTHER || 0;
    var total = metropoles + autres;
    texte('part-hors-metropoles', total ? pourcent.format(autres / total) : '—');
    texte('nb-metropoles', nombre.format(metropoles) + (total ? ' (' + pourcent.format(metropoles / total) + ')' : ''));
    texte('nb-autres', nombre.format(autres) + (total ? ' (' + pourcent.format(autres / total) + ')' : ''));
    $('segment-metropoles').style.width = total ? (100 * metropoles / total) + '%' : '0';
    $('segment-autres').style.width = total ? (100 * autres / total) + '%' : '0';
    $('barre-territoires').setAttribute('aria-label', total
      ? compte(metropoles, 'tiers-lieu', 'tiers-lieux') + ' dans les métropoles, ' + nombre.format(autres) + ' dans les autres territoires'
      : 'Aucun tiers-lieu enregistré');
    afficherCarte(vue.byRegion || {});
    afficherTailles(vue.bySizeClass || {});
  }

  var TEINTES = ['#eef1fb', '#cad3f3', '#9aabe6', '#4a63c4', '#2d4bb5', '#000091'];

  function teinte(valeur, max) {
    if (!valeur) { return TEINTES[0]; }
    // from the lightest shade of a place to the darkest for the largest count, as the legend shows
    var rang = Math.min(TEINTES.length - 1, Math.max(1, Math.ceil((TEINTES.length - 1) * valeur / Math.max(1, max))));
    return TEINTES[rang];
  }

  function afficherCarte(parRegion) {
    var carte = $('carte');
    var max = 0;
    REGIONS.forEach(function (r) { max = Math.max(max, parRegion[r.code] || 0); });
    var NS = 'http://www.w3.org/2000/svg';
    var taille = 92, ecart = 6, pas = taille + ecart;
    var svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + (5 * pas) + ' ' + (6.4 * pas));
    svg.setAttribute('role', 'group');
    svg.setAttribute('aria-label', 'Carte schématique des régions');
    var separation = document.createElementNS(NS, 'text');
    separation.setAttribute('x', '0');
    separation.setAttribute('y', String(5.25 * pas));
    separation.setAttribute('class', 'carte-titre-om');
    separation.textContent = 'Outre-mer';
    svg.appendChild(separation);
    REGIONS.forEach(function (r) {
      var valeur = parRegion[r.code] || 0;
      var fond = teinte(valeur, max);
      var sombre = TEINTES.indexOf(fond) >= 3;
      var g = document.createElementNS(NS, 'g');
      g.setAttribute('role', 'img');
      g.setAttribute('aria-label', r.nom + '\u00a0: ' + compte(valeur, 'tiers-lieu', 'tiers-lieux'));
      g.setAttribute('data-region', r.code);
      var titre = document.createElementNS(NS, 'title');
      titre.textContent = r.nom + '\u00a0: ' + compte(valeur, 'tiers-lieu', 'tiers-lieux');
      g.appendChild(titre);
      var tuile = document.createElementNS(NS, 'rect');
      tuile.setAttribute('x', String(r.x * pas));
      tuile.setAttribute('y', String(r.y * pas));
      tuile.setAttribute('width', String(taille));
      tuile.setAttribute('height', String(taille));
      tuile.setAttribute('rx', '8');
      tuile.setAttribute('fill', fond);
      tuile.setAttribute('stroke', '#3a3a6e');
      tuile.setAttribute('stroke-width', '1');
      g.appendChild(tuile);
      var abr = document.createElementNS(NS, 'text');
      abr.setAttribute('x', String(r.x * pas + taille / 2));
      abr.setAttribute('y', String(r.y * pas + 38));
      abr.setAttribute('class', 'carte-abr' + (sombre ? ' clair' : ''));
      abr.textContent = r.abr;
      g.appendChild(abr);
      var chiffre = document.createElementNS(NS, 'text');
      chiffre.setAttribute('x', String(r.x * pas + taille / 2));
      chiffre.setAttribute('y', String(r.y * pas + 68));
      chiffre.setAttribute('class', 'carte-nombre' + (sombre ? ' clair' : ''));
      chiffre.textContent = nombre.format(valeur);
      g.appendChild(chiffre);
      svg.appendChild(g);
    });
    vider(carte);
    carte.appendChild(svg);

    var legende = $('legende-carte');
    vider(legende);
    legende.appendChild(element('span', 'legende-texte', '0'));
    TEINTES.forEach(function (t) {
      var case_ = element('span', 'legende-case');
      case_.style.background = t;
      legende.appendChild(case_);
    });
    legende.appendChild(element('span', 'legende-texte', compte(max, 'tiers-lieu', 'tiers-lieux')));

    var corps = $('tableau-regions').querySelector('tbody');
    vider(corps);
    REGIONS.slice().sort(function (a, b) { return a.nom.localeCompare(b.nom, 'fr'); }).forEach(function (r) {
      var ligne = element('tr');
      ligne.appendChild(element('th', null, r.nom)).setAttribute('scope', 'row');
      ligne.appendChild(element('td', 'nombre', nombre.format(parRegion[r.code] || 0)));
      corps.appendChild(ligne);
    });
  }

  function afficherTailles(parTaille) {
    var corps = $('tableau-tailles').querySelector('tbody');
    vider(corps);
    Object.keys(TAILLES).forEach(function (cle) {
      var ligne = element('tr');
      ligne.appendChild(element('th', null, TAILLES[cle])).setAttribute('scope', 'row');
      ligne.appendChild(element('td', 'nombre', nombre.format(parTaille[cle] || 0)));
      corps.appendChild(ligne);
    });
  }

  /* ---------- Fabriques ---------- */

  function afficherFabriques(f) {
    var cible = f.target || 300;
    if (resumeDessine === null) { chiffreCle('fabriques-labellisees', f.labelled, FABRIQUE[0], FABRIQUE[1]); } // else the summary's
    texte('fabriques-objectif-texte', '(objectif\u00a0: ' + nombre.format(cible) + ')');
    texte('fabriques-progression', nombre.format(f.labelled));
    texte('fabriques-objectif', nombre.format(cible));
    var barre = $('progression-fabriques');
    barre.setAttribute('aria-valuemax', String(cible));
    barre.setAttribute('aria-valuenow', String(Math.min(f.labelled, cible))); // past the target, the bar is full
    barre.setAttribute('aria-valuetext', compte(f.labelled, 'Fabrique labellisée', 'Fabriques labellisées')
      + ' sur l\u2019objectif de ' + nombre.format(cible));
    $('progression-remplissage').style.width = Math.min(100, 100 * f.labelled / cible) + '%';
    texte('fabriques-qpv', nombre.format((f.byTrack || {}).QPV || 0) + ' / 150');
    texte('fabriques-rural', nombre.format((f.byTrack || {}).RURAL || 0) + ' / 150');
    // a Fabrique without members yet is listed too: neither a network animated nor one to rank
    var reseaux = (f.networks || []).filter(function (n) { return n.members > 0; });
    texte('fabriques-reseaux', nombre.format(f.animatedNetworks || 0));
    texte('fabriques-membres', nombre.format(reseaux.reduce(function (s, n) { return s + n.members; }, 0)));
    var vagues = $('fabriques-vagues');
    vider(vagues);
    var cles = Object.keys(f.byWave || {}).sort(function (a, b) { return a - b; });
    if (!cles.length) { vagues.appendChild(element('li', null, 'Aucune vague pour l\u2019instant')); }
    cles.forEach(function (v) {
      vagues.appendChild(element('li', null, 'Vague ' + v + '\u00a0: ' + nombre.format(f.byWave[v])));
    });
    var classement = $('fabriques-classement');
    vider(classement);
    reseaux.slice(0, 5).forEach(function (n) {
      var li = element('li');
      li.appendChild(element('span', null, n.name || 'Fabrique au nom non renseigné'));
      li.appendChild(element('strong', null, compte(n.members, 'membre', 'membres')));
      classement.appendChild(li);
    });
    if (!reseaux.length) { classement.appendChild(element('li', null, 'Aucun réseau pour l\u2019instant')); }
  }

  /* ---------- activity ---------- */

  var graphique = null;

  function nomMois(mois) {
    var parties = mois.split('-');
    var date = new Date(Date.UTC(+parties[0], +parties[1] - 1, 1));
    return date.toLocaleDateString('fr-FR', { month: 'short', year: 'numeric', timeZone: 'UTC' });
  }

  /** The months from the first to the last with activity, those without any included (shown as 0). */
  function moisContinus(avecActivite) {
    var cles = Object.keys(avecActivite).sort();
    if (!cles.length) { return []; }
    var debut = cles[0].split('-'), fin = cles[cles.length - 1].split('-');
    var tous = [];
    for (var an = +debut[0], m = +debut[1]; an < +fin[0] || (an === +fin[0] && m <= +fin[1]); m = m === 12 ? 1 : m + 1, an += m === 1 ? 1 : 0) {
      tous.push(an + '-' + (m < 10 ? '0' : '') + m);
    }
    return tous;
  }

  var MOIS_MONTRES = 24;
  var AUCUNE = { reports: 0, participants: 0, hours: 0 };

  function afficherActivite(a) {
    if (resumeDessine === null) { chiffreCle('participants', a.participants, PARTICIPANT[0], PARTICIPANT[1]); }
    texte('activite-totaux', compte(a.reports, 'activité déclarée', 'activités déclarées') + ', '
      + compte(a.participants, 'participant', 'participants') + ', ' + compte(a.hours, 'heure', 'heures', heures) + '.');
    var parMois = a.byMonth || {};
    var tous = moisContinus(parMois);
    var mois = tous.slice(-MOIS_MONTRES);
    texte('mois-anterieurs', tous.length > mois.length
      ? 'Les ' + MOIS_MONTRES + ' derniers mois jusqu\u2019au dernier mois d\u2019activité déclarée sont montrés\u202f; les totaux comptent aussi les mois antérieurs, depuis '
        + nomMois(tous[0]) + '.'
      : '');
    function du(m) { return parMois[m] || AUCUNE; }
    var donnees = {
      labels: mois.map(nomMois),
      datasets: [
        { type: 'bar', label: 'Participants', data: mois.map(function (m) { return du(m).participants; }),
          backgroundColor: '#6a6af4', yAxisID: 'y' },
        { type: 'line', label: 'Activités déclarées', data: mois.map(function (m) { return du(m).reports; }),
          borderColor: '#c9191e', backgroundColor: '#c9191e', yAxisID: 'y1', tension: 0.2 }
      ]
    };
    if (window.Chart) {
      if (!graphique) {
        graphique = new window.Chart($('graphique-activite'), {
          data: donnees,
          options: {
            responsive: true, maintainAspectRatio: false, animation: false,
            locale: 'fr-FR',
            interaction: { mode: 'index', intersect: false },
            plugins: { legend: { labels: { color: '#1e1e1e' } } },
            scales: {
              // counts: whole ticks only (not 0,2 activité)
              y: { beginAtZero: true, position: 'left', ticks: { precision: 0 }, title: { display: true, text: 'Participants' } },
              y1: { beginAtZero: true, position: 'right', ticks: { precision: 0 }, grid: { drawOnChartArea: false },
                title: { display: true, text: 'Activités' } }
            }
          }
        });
      } else {
        graphique.data = donnees;
        graphique.update('none');
      }
    }
    var corps = $('tableau-mois').querySelector('tbody');
    vider(corps);
    mois.forEach(function (m) {
      var ligne = element('tr');
      var v = du(m);
      ligne.setAttribute('data-mois', m);
      ligne.appendChild(element('th', null, nomMois(m))).setAttribute('scope', 'row');
      ligne.appendChild(element('td', 'nombre', nombre.format(v.reports)));
      ligne.appendChild(element('td', 'nombre', nombre.format(v.participants)));
      ligne.appendChild(element('td', 'nombre', heures.format(v.hours)));
      corps.appendChild(ligne);
    });
    var liste = $('categories-liste');
    vider(liste);
    var categories = Object.keys(a.byCategory || {}).sort(function (x, y) {
      return a.byCategory[y].participants - a.byCategory[x].participants;
    });
    var plus = categories.length ? a.byCategory[categories[0]].participants : 0;
    categories.forEach(function (c) {
      var v = a.byCategory[c];
      barre(liste, CATEGORIES[c] || c, v.participants, plus, compte(v.participants, 'participant', 'participants'));
    });
    if (!categories.length) { liste.appendChild(element('li', null, 'Aucune activité déclarée pour l\u2019instant')); }
  }

  /* ---------- premises and funds ---------- */

  /** A labelled bar; {@code note}, if given, goes on a line of its own under the label. */
  function barre(liste, libelle, valeur, max, detail, note) {
    var li = element('li', 'barre');
    var entete = element('p', 'barre-entete');
    entete.appendChild(element('span', null, libelle));
    if (detail) { entete.appendChild(element('strong', null, detail)); }
    li.appendChild(entete);
    if (note) { li.appendChild(element('p', 'barre-note', note)); }
    var piste = element('span', 'barre-piste');
    var plein = element('span', 'barre-plein');
    plein.style.width = (max ? Math.min(100, 100 * valeur / max) : 0) + '%';
    piste.appendChild(plein);
    li.appendChild(piste);
    liste.appendChild(li);
  }

  function afficherLocaux(l) {
    var statuts = l.byStatus || {};
    if (resumeDessine === null) { chiffreCle('locaux-proposes', l.onOffer || 0, LOCAL[0], LOCAL[1]); } // OFFERED or APPLIED
    var liste = $('locaux-statuts');
    vider(liste);
    STATUTS_LOCAUX.forEach(function (s) {
      var n = statuts[s[0]] || 0;
      barre(liste, s[1], n, l.total, nombre.format(n));
    });
    var conditions = $('locaux-conditions');
    vider(conditions);
    Object.keys(CONDITIONS).forEach(function (c) {
      conditions.appendChild(element('li', null, CONDITIONS[c] + '\u00a0: ' + nombre.format((l.byTerms || {})[c] || 0)));
    });
  }

  function afficherFonds(f) {
    if (resumeDessine === null) { chiffreCle('fonds-engages', f.totalCommittedEur || 0, ENGAGE[0], ENGAGE[1], euros); }
    var liste = $('fonds-liste');
    vider(liste);
    (f.funds || []).forEach(function (fonds) {
      var nom = fonds.name || ((NOMS_FONDS[fonds.kind] || fonds.kind) + (fonds.year ? ' ' + fonds.year : ''));
      // to the euro, on a line of its own: too long to share the name's line
      barre(liste, nom, fonds.committedEur, fonds.budgetEur, null,
        compte(fonds.committedEur, 'engagé', 'engagés', eurosExacts) + ' sur ' + eurosExacts.format(fonds.budgetEur)
        + ' · disponible\u00a0: ' + eurosExacts.format(fonds.availableEur));
    });
    if (!(f.funds || []).length) { liste.appendChild(element('li', null, 'Aucun fonds ouvert pour l\u2019instant')); }
    texte('fonds-totaux', compte(f.totalCommittedEur || 0, 'engagé', 'engagés', eurosExacts) + ' sur un budget total de '
      + eurosExacts.format(f.totalBudgetEur || 0) + '.');
  }

  /* ---------- loading and live updates ---------- */

  /** The latest request made and answer shown of each address: a late answer never hides a newer one. */
  var demandes = {};
  var affichees = {};
  /** The text last drawn of each address: a block whose figures did not change is not drawn again. */
  var dessinees = {};

  /** Draws what url answers unless a newer answer was drawn; resolves to false when it failed. */
  function charger(url, afficher) {
    var numero = demandes[url] = (demandes[url] || 0) + 1;
    return fetch(url, { headers: { Accept: 'application/json' } }).then(function (reponse) {
      if (!reponse.ok) { throw new Error(url + ' : ' + reponse.status); }
      return reponse.text();
    }).then(function (corps) {
      // paused: dropped (the figures shown do not change), fetched again on resuming
      if (enPause || numero <= (affichees[url] || 0)) { return true; }
      affichees[url] = numero;
      if (dessinees[url] !== corps) {
        dessinees[url] = corps;
        afficher(JSON.parse(corps));
      }
      return true;
    }).catch(function (erreur) { console.warn(erreur); return false; });
  }

  /** Breakdowns are fetched again at most this often: a page does not ask four times per push. */
  var PAS_DETAILS = 5000;
  var enAttente = null;
  var dernierChargement = 0;
  var echecs = 0;

  function chargerDetails() {
    if (enPause) { return; } // fetched again on resuming
    dernierChargement = Date.now();
    Promise.all([
      charger('/api/v1/fabriques', afficherFabriques),
      charger('/api/v1/activity', afficherActivite),
      charger('/api/v1/premises-summary', afficherLocaux),
      charger('/api/v1/funds-summary', afficherFonds)
    ]).then(function (reussites) {
      if (reussites.indexOf(false) < 0) { echecs = 0; return; }
      // the blocks that failed would otherwise keep old figures until the next change
      echecs = Math.min(echecs + 1, 5);
      detailsPlusTard(PAS_DETAILS * Math.pow(2, echecs - 1));
    });
  }

  function detailsPlusTard(auPlusTot) {
    if (enAttente) { return; }
    var attente = Math.max(auPlusTot || 300, dernierChargement + PAS_DETAILS - Date.now());
    enAttente = setTimeout(function () { enAttente = null; chargerDetails(); }, attente);
  }

  function etat(texteEtat, enDirect) {
    texte('etat-texte', texteEtat);
    $('etat-direct').classList.toggle('actif', !!enDirect);
  }

  function heure() {
    return new Date().toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  /**
   * The headline figures the stream's summary carries, drawn as soon as it comes. From then on the
   * breakdowns no longer write them: an answer fetched before the summary would put an older figure back.
   */
  function afficherResume(r) {
    chiffreCle('fabriques-labellisees', r.fabriquesLabelled, FABRIQUE[0], FABRIQUE[1]);
    chiffreCle('participants', r.participants, PARTICIPANT[0], PARTICIPANT[1]);
    chiffreCle('locaux-proposes', r.premisesOffered, LOCAL[0], LOCAL[1]);
    chiffreCle('fonds-engages', r.fundsCommittedEur, ENGAGE[0], ENGAGE[1], euros);
  }

  /** Seconds before opening the stream again once the server refused it or it ended; doubled each time. */
  var reprise = 5;
  /** Whether the stream has given an overview: the one fetched at load is older then. */
  var vueEnDirect = false;
  /** Paused by the reader: the latest figures are kept and drawn on resuming. */
  var enPause = false;
  var vueRecue = null;
  var resumeRecu = null;
  var vueDessinee = null;
  var resumeDessine = null;

  function dessinerFlux() {
    if (enPause) { return; }
    if (vueRecue !== null && vueRecue !== vueDessinee) {
      vueDessinee = vueRecue;
      afficherVueEnsemble(JSON.parse(vueRecue));
      // outside the live region: a screen reader is not told the time at every change
      texte('etat-heure', '· mis à jour à ' + heure());
    }
    if (resumeRecu !== null && resumeRecu !== resumeDessine) {
      // the first one too: the details fetched at load may be older than the stream's figures
      resumeDessine = resumeRecu;
      afficherResume(JSON.parse(resumeRecu));
      texte('etat-heure', '· mis à jour à ' + heure());
      detailsPlusTard();
    }
  }

  function basculerPause() {
    enPause = !enPause;
    if (!enPause) { // what changed, or was dropped, while paused
      if (releve) { lireSansFlux(); } else { detailsPlusTard(); }
    }
    // a toggle keeps its label: « pressed » is what says it is on (a label that changed too would read as its opposite)
    $('pause').setAttribute('aria-pressed', String(enPause));
    texte('etat-pause', enPause ? 'Mises à jour en pause\u00a0: les chiffres affichés ne changent plus.' : '');
    if ($('etat-direct').classList.contains('actif')) { etat(enPause ? 'En pause' : 'En direct', true); }
    dessinerFlux();
  }

  /**
   * While the stream is not open (refused because too many are open from the reader's address or in
   * all, lost, or not supported by the browser), the figures are fetched every so often instead, and
   * the stream's last figures, older by then, are no longer drawn.
   */
  var PAS_SANS_FLUX = 20000;
  var releve = null;

  function releverSansFlux() {
    if (releve) { return; }
    vueEnDirect = false;
    vueRecue = resumeRecu = vueDessinee = resumeDessine = null;
    relire();
  }

  /** The next reading, at a spread interval: pages refused together do not all read at the same moment. */
  function relire() {
    releve = setTimeout(function () {
      if (!enPause) { lireSansFlux(); }
      relire();
    }, PAS_SANS_FLUX * (0.75 + Math.random() / 2));
  }

  function lireSansFlux() {
    charger('/api/v1/overview', function (vue) {
      if (!vueEnDirect) { afficherVueEnsemble(vue); texte('etat-heure', '· mis à jour à ' + heure()); }
    });
    chargerDetails();
  }

  function arreterReleve() {
    clearTimeout(releve);
    releve = null;
  }

  /** A stream silent for this many heartbeats is taken for lost (a proxy may drop it without a word). */
  var BATTEMENTS_MANQUES = 3;
  /** How long a silence may last: three heartbeats, at the interval the server gave (15 s by default). */
  var silenceMax = 15 * BATTEMENTS_MANQUES * 1000;

  function ecouter() {
    if (!window.EventSource) {
      etat('Mise à jour en direct indisponible dans ce navigateur\u00a0: chiffres relus toutes les 20\u00a0s', false);
      releverSansFlux();
      return;
    }
    var flux = new EventSource('/api/v1/stream');
    var veille = null;
    var annonce = null;
    function signe() {
      clearTimeout(veille);
      veille = setTimeout(function () {
        if (flux.readyState === EventSource.CLOSED) { return; }
        clearTimeout(annonce);
        flux.close();
        etat('Connexion au flux interrompue, nouvelle tentative…', false);
        releverSansFlux();
        ecouter();
      }, silenceMax);
    }
    signe();
    flux.addEventListener('open', function () {
      reprise = 5;
      clearTimeout(annonce);
      annonce = null;
      arreterReleve(); // the stream's first events are its snapshot
      etat(enPause ? 'En pause' : 'En direct', true);
      signe();
    });
    flux.addEventListener('heartbeat', function (e) {
      var secondes = JSON.parse(e.data).everySeconds;
      if (secondes > 0) { silenceMax = secondes * BATTEMENTS_MANQUES * 1000; }
      signe();
    });
    flux.addEventListener('overview', function (e) {
      signe();
      vueEnDirect = true;
      vueRecue = e.data;
      dessinerFlux();
    });
    flux.addEventListener('summary', function (e) {
      signe();
      resumeRecu = e.data;
      dessinerFlux();
    });
    flux.addEventListener('error', function () {
      if (flux.readyState !== EventSource.CLOSED) {
        // the browser reconnects by itself, at once after a stream the server ended on schedule:
        // said only if that takes a while, so that a screen reader is not told of every planned end
        if (!annonce) {
          annonce = setTimeout(function () {
            annonce = null;
            if (flux.readyState !== EventSource.OPEN) { etat('Connexion au flux interrompue, nouvelle tentative…', false); }
          }, 5000);
        }
        return;
      }
      // refused (too many streams: 429, 503) or failed: the browser gives up, so the page tries again later
      clearTimeout(veille);
      clearTimeout(annonce);
      flux.close();
      var attente = reprise;
      reprise = Math.min(reprise * 2, 120);
      // at least the announced wait: the spread keeps pages refused together from coming back together
      etat('Flux en direct indisponible, nouvelle tentative dans ' + attente + '\u00a0s\u00a0; chiffres relus toutes les 20\u00a0s', false);
      releverSansFlux();
      setTimeout(ecouter, (attente + Math.random() * attente / 2) * 1000);
    });
  }

  function demarrer() {
    $('pause').addEventListener('click', basculerPause);
    charger('/api/v1/overview', function (vue) { if (!vueEnDirect) { afficherVueEnsemble(vue); } });
    chargerDetails();
    ecouter();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', demarrer);
  } else {
    demarrer();
  }
}());
