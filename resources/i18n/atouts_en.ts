<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr">
<context>
    <name>ChargePanel</name>
    <message>
        <source>Avantage à utiliser</source>
        <translation>Benefit to use</translation>
    </message>
    <message>
        <source>Conditions de l&apos;avantage</source>
        <translation>Conditions of the benefit</translation>
    </message>
    <message>
        <source>Nature de l&apos;article</source>
        <translation>Item type</translation>
    </message>
    <message>
        <source>Pièce d&apos;identité vérifiée (Espace)</source>
        <translation>ID checked (Space)</translation>
    </message>
    <message>
        <source>Pièce d&apos;identité vérifiée</source>
        <translation>ID checked</translation>
    </message>
    <message>
        <source>Représentant légal du mineur vérifié</source>
        <translation>Minor&apos;s legal representative checked</translation>
    </message>
    <message>
        <source>Numéro de l&apos;étiquette antivol collée sur le PC</source>
        <translation>Number on the anti-theft label stuck on the PC</translation>
    </message>
    <message>
        <source>Étiquette antivol</source>
        <translation>Anti-theft label</translation>
    </message>
    <message>
        <source>Numéro de série du PC remis</source>
        <translation>Serial number of the PC handed over</translation>
    </message>
    <message>
        <source>Numéro de série du matériel</source>
        <translation>Equipment serial number</translation>
    </message>
    <message>
        <source>Prix public, ex. 12,50</source>
        <translation>Retail price, e.g. 12.50</translation>
    </message>
    <message>
        <source>Prix public en euros</source>
        <translation>Retail price in euros</translation>
    </message>
    <message>
        <source>Répartition du paiement</source>
        <translation>Payment split</translation>
    </message>
    <message>
        <source>Encaisser (Entrée)</source>
        <translation>Charge (Enter)</translation>
    </message>
    <message>
        <source>Encaisser</source>
        <translation>Charge</translation>
    </message>
    <message>
        <source>Annuler (Échap)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>Annuler et attendre le code suivant</source>
        <translation>Cancel and wait for the next code</translation>
    </message>
    <message>
        <source>Avantage</source>
        <translation>Benefit</translation>
    </message>
    <message>
        <source>À savoir</source>
        <translation>Good to know</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Identité</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Mineur</source>
        <translation>Minor</translation>
    </message>
    <message>
        <source>Étiquette</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Matériel</source>
        <translation>Equipment</translation>
    </message>
    <message>
        <source>Prix</source>
        <translation>Price</translation>
    </message>
    <message>
        <source>Atouts : %1 — reste à payer : %2</source>
        <translation>Atouts: %1 — left to pay: %2</translation>
    </message>
    <message>
        <source>(non utilisé, perdu : %1)</source>
        <translation>(unused, lost: %1)</translation>
    </message>
    <message>
        <source>Coupon de prépaiement de %1 réservé pour votre structure : un seul encaissement. Saisissez le prix public de l&apos;article.</source>
        <translation>Prepaid coupon of %1 reserved for your shop: one payment only. Enter the item&apos;s retail price.</translation>
    </message>
    <message>
        <source>Transfert de la totalité : %1, en une seule fois. Saisissez %2.</source>
        <translation>Transfer of the whole amount: %1, in one go. Enter %2.</translation>
    </message>
    <message>
        <source>Usage unique de %1 : saisissez le prix public de l&apos;article. Pas de monnaie rendue sur la part non utilisée.</source>
        <translation>Single use of %1: enter the item&apos;s retail price. No change is given for the unused part.</translation>
    </message>
    <message>
        <source>Saisissez le prix public de l&apos;article (clavier ou pavé).</source>
        <translation>Enter the item&apos;s retail price (keyboard or keypad).</translation>
    </message>
    <message>
        <source>Transfert de la totalité : %1, en une seule fois — Entrée pour valider</source>
        <translation>Transfer of the whole amount: %1, in one go — Enter to confirm</translation>
    </message>
    <message>
        <source>Mineur : %1, représentant légal nommé sur le bon, retire lui-même l&apos;équipement avec sa propre pièce d&apos;identité.</source>
        <translation>Minor: %1, the legal representative named on the voucher, collects the equipment in person with their own ID.</translation>
    </message>
    <message>
        <source>%1, représentant légal nommé sur le bon, présent avec sa pièce d&apos;identité</source>
        <translation>%1, the legal representative named on the voucher, present with their ID</translation>
    </message>
    <message>
        <source>Mineur : le représentant légal nommé sur le bon retire lui-même l&apos;équipement avec sa propre pièce d&apos;identité.</source>
        <translation>Minor: the legal representative named on the voucher collects the equipment in person with their own ID.</translation>
    </message>
    <message>
        <source>Représentant légal nommé sur le bon présent avec sa pièce d&apos;identité</source>
        <translation>Legal representative named on the voucher present with their ID</translation>
    </message>
    <message>
        <source>Représentant légal présent, sa pièce vue (Espace)</source>
        <translation>Legal representative present, ID seen (Space)</translation>
    </message>
    <message>
        <source>Mineur de %1 ans : autorisation écrite d&apos;un titulaire de l&apos;autorité parentale.</source>
        <translation>Minor aged %1: written authorisation from a holder of parental authority.</translation>
    </message>
    <message>
        <source>Mineur : autorisation écrite d&apos;un titulaire de l&apos;autorité parentale.</source>
        <translation>Minor: written authorisation from a holder of parental authority.</translation>
    </message>
    <message>
        <source>Autorisation parentale écrite vue (Espace)</source>
        <translation>Written parental authorisation seen (Space)</translation>
    </message>
    <message>
        <source>Autorisation écrite d&apos;un titulaire de l&apos;autorité parentale vérifiée</source>
        <translation>Written authorisation from a holder of parental authority checked</translation>
    </message>
    <message>
        <source>(en une seule fois)</source>
        <translation>(in one go)</translation>
    </message>
    <message>
        <source>(usage unique)</source>
        <translation>(single use)</translation>
    </message>
</context>
<context>
    <name>ClosePage</name>
    <message>
        <source>Clôture de caisse</source>
        <translation>Till close</translation>
    </message>
    <message>
        <source>Totaux de la journée en cours</source>
        <translation>Totals of the current day</translation>
    </message>
    <message>
        <source>Clôturer la journée</source>
        <translation>Close the day</translation>
    </message>
    <message>
        <source>Ne pas clôturer</source>
        <translation>Do not close</translation>
    </message>
    <message>
        <source>Résultat de la clôture</source>
        <translation>Close result</translation>
    </message>
    <message>
        <source>N°</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Période</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>Ventes</source>
        <translation>Sales</translation>
    </message>
    <message>
        <source>Annul.</source>
        <translation>Voids</translation>
    </message>
    <message>
        <source>Payé par les avantages</source>
        <translation>Paid by benefits</translation>
    </message>
    <message>
        <source>Grand total</source>
        <translation>Grand total</translation>
    </message>
    <message>
        <source>Faite le</source>
        <translation>Made on</translation>
    </message>
    <message>
        <source>Clôtures faites</source>
        <translation>Closes made</translation>
    </message>
    <message>
        <source>Ticket de clôture</source>
        <translation>Close report</translation>
    </message>
    <message>
        <source>Fichier PDF</source>
        <translation>PDF file</translation>
    </message>
    <message>
        <source>Exporter en PDF</source>
        <translation>Export as PDF</translation>
    </message>
    <message>
        <source>Imprimer le ticket</source>
        <translation>Print the ticket</translation>
    </message>
    <message>
        <source>Imprimer la clôture choisie</source>
        <translation>Print the chosen close</translation>
    </message>
    <message>
        <source>Résultat de l&apos;export</source>
        <translation>Export result</translation>
    </message>
    <message>
        <source>Clôtures faites (inaltérables)</source>
        <translation>Closes made (unalterable)</translation>
    </message>
    <message>
        <source>Journée du %1</source>
        <translation>Day of %1</translation>
    </message>
    <message>
        <source>Cette journée est clôturée. Les opérations faites depuis iront dans la prochaine clôture.</source>
        <translation>This day is closed. Operations made since will go into the next close.</translation>
    </message>
    <message>
        <source>Journée déjà clôturée</source>
        <translation>Day already closed</translation>
    </message>
    <message>
        <source>Non clôturée (journée passée)</source>
        <translation>Not closed (past day)</translation>
    </message>
    <message>
        <source>En cours, non clôturée</source>
        <translation>Running, not closed</translation>
    </message>
    <message>
        <source>%1 : %2 vente(s), %3 annulation(s) ; payé par les avantages %4 (prix publics %5). En attente d&apos;envoi : %6. Refusées par la Région : %7.</source>
        <translation>%1: %2 sale(s), %3 void(s); paid by benefits %4 (public prices %5). Waiting to be sent: %6. Refused by the Region: %7.</translation>
    </message>
    <message>
        <source>Journées restées ouvertes avant elle, clôturées d&apos;abord : %1.</source>
        <translation>Days left open before it, closed first: %1.</translation>
    </message>
    <message>
        <source>APERÇU — NON CLÔTURÉ</source>
        <translation>PREVIEW — NOT CLOSED</translation>
    </message>
    <message>
        <source>journalière</source>
        <translation>daily</translation>
    </message>
    <message>
        <source>mensuelle</source>
        <translation>monthly</translation>
    </message>
    <message>
        <source>annuelle</source>
        <translation>yearly</translation>
    </message>
    <message>
        <source>Confirmer la clôture (définitive)</source>
        <translation>Confirm the close (final)</translation>
    </message>
    <message>
        <source>Une clôture ne se modifie plus : appuyez encore pour confirmer.</source>
        <translation>A close can no longer be changed: press again to confirm.</translation>
    </message>
    <message>
        <source>Clôture faite : n° %1.</source>
        <translation>Close made: no. %1.</translation>
    </message>
    <message>
        <source>Clôturer la journée du %1</source>
        <translation>Close the day of %1</translation>
    </message>
    <message>
        <source>Choisissez d&apos;abord une clôture dans la liste.</source>
        <translation>First choose a close in the list.</translation>
    </message>
    <message>
        <source>PDF écrit : %1</source>
        <translation>PDF written: %1</translation>
    </message>
    <message>
        <source>Ticket de clôture n° %1</source>
        <translation>Close ticket no. %1</translation>
    </message>
</context>
<context>
    <name>EnrollmentPage</name>
    <message>
        <source>Activation de la caisse</source>
        <translation>Till activation</translation>
    </message>
    <message>
        <source>Activer cette caisse</source>
        <translation>Activate this till</translation>
    </message>
    <message>
        <source>Scannez le QR code d&apos;activation affiché dans votre espace partenaire de la Région (webcam ou douchette) : la caisse s&apos;active seule. Sinon, recopiez les trois informations ci-dessous puis appuyez sur Entrée.</source>
        <translation>Scan the activation QR code shown in your partner area on the Region&apos;s website (webcam or scanner): the till activates itself. Otherwise, copy the three details below and press Enter.</translation>
    </message>
    <message>
        <source>Saisissez un nouveau code d&apos;activation, à demander dans votre espace partenaire de la Région.</source>
        <translation>Enter a new activation code, from your partner area on the Region&apos;s website.</translation>
    </message>
    <message>
        <source>Pourquoi activer à nouveau</source>
        <translation>Why activate again</translation>
    </message>
    <message>
        <source>https://… (adresse donnée par la Région)</source>
        <translation>https://… (address given by the Region)</translation>
    </message>
    <message>
        <source>Adresse du serveur de la Région</source>
        <translation>Region server address</translation>
    </message>
    <message>
        <source>ex. P-CINE-LUX</source>
        <translation>e.g. P-CINE-LUX</translation>
    </message>
    <message>
        <source>Identifiant partenaire</source>
        <translation>Partner ID</translation>
    </message>
    <message>
        <source>code à usage unique de l&apos;espace partenaire</source>
        <translation>one-time code from the partner area</translation>
    </message>
    <message>
        <source>Code d&apos;activation</source>
        <translation>Activation code</translation>
    </message>
    <message>
        <source>&amp;Adresse du serveur</source>
        <translation>&amp;Server address</translation>
    </message>
    <message>
        <source>&amp;Identifiant partenaire</source>
        <translation>&amp;Partner ID</translation>
    </message>
    <message>
        <source>&amp;Code d&apos;activation</source>
        <translation>&amp;Activation code</translation>
    </message>
    <message>
        <source>Activer la caisse (Entrée)</source>
        <translation>Activate the till (Enter)</translation>
    </message>
    <message>
        <source>Activer la caisse</source>
        <translation>Activate the till</translation>
    </message>
    <message>
        <source>Activation en cours</source>
        <translation>Activating</translation>
    </message>
    <message>
        <source>État de l&apos;activation</source>
        <translation>Activation status</translation>
    </message>
    <message>
        <source>Erreur d&apos;activation</source>
        <translation>Activation error</translation>
    </message>
    <message>
        <source>✔ Caisse activée pour %1.</source>
        <translation>✔ Till activated for %1.</translation>
    </message>
    <message>
        <source>L&apos;activation n&apos;a pas abouti (%1). Réessayez ; si cela persiste, contactez l&apos;assistance.</source>
        <translation>Activation failed (%1). Try again; if it keeps happening, contact support.</translation>
    </message>
    <message>
        <source>Activation en cours : connexion au serveur de la Région…</source>
        <translation>Activating: connecting to the Region&apos;s server…</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <source>Historique des ventes</source>
        <translation>Sales history</translation>
    </message>
    <message>
        <source>Ventes refusées par la Région</source>
        <translation>Sales rejected by the Region</translation>
    </message>
    <message>
        <source>Résultat de la confirmation</source>
        <translation>Confirmation result</translation>
    </message>
    <message>
        <source>Liste des refus de la Région</source>
        <translation>List of sales rejected by the Region</translation>
    </message>
    <message>
        <source>Refus de la Région à voir</source>
        <translation>Rejected by the Region, to review</translation>
    </message>
    <message>
        <source>Rechercher : nom, référence, montant (12,50), caissier…</source>
        <translation>Search: name, reference, amount (12.50), cashier…</translation>
    </message>
    <message>
        <source>Rechercher dans l&apos;historique</source>
        <translation>Search the history</translation>
    </message>
    <message>
        <source>Effacer la recherche</source>
        <translation>Clear the search</translation>
    </message>
    <message>
        <source>Tous les jours</source>
        <translation>All days</translation>
    </message>
    <message>
        <source>Montrer tous les jours (sinon seulement aujourd&apos;hui)</source>
        <translation>Show all days (otherwise today only)</translation>
    </message>
    <message>
        <source>Nombre de ventes affichées</source>
        <translation>Number of sales shown</translation>
    </message>
    <message>
        <source>Heure</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Référence</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Bénéficiaire</source>
        <translation>Young person</translation>
    </message>
    <message>
        <source>Avantage</source>
        <translation>Benefit</translation>
    </message>
    <message>
        <source>Prix</source>
        <translation>Price</translation>
    </message>
    <message>
        <source>Part avantage</source>
        <translation>Benefit&apos;s part</translation>
    </message>
    <message>
        <source>Reste à payer</source>
        <translation>Left to pay</translation>
    </message>
    <message>
        <source>État</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Caissier</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>Ventes</source>
        <translation>Sales</translation>
    </message>
    <message>
        <source>Aucune vente</source>
        <translation>No sales</translation>
    </message>
    <message>
        <source>Vente choisie</source>
        <translation>Selected sale</translation>
    </message>
    <message>
        <source>Reçu de la vente choisie</source>
        <translation>Receipt of the selected sale</translation>
    </message>
    <message>
        <source>&amp;Annuler cette vente…</source>
        <translation>&amp;Void this sale…</translation>
    </message>
    <message>
        <source>Annuler cette vente</source>
        <translation>Void this sale</translation>
    </message>
    <message>
        <source>&amp;Imprimer le reçu</source>
        <translation>&amp;Print the receipt</translation>
    </message>
    <message>
        <source>Imprimer le reçu sur l&apos;imprimante des réglages</source>
        <translation>Print the receipt on the printer of the settings</translation>
    </message>
    <message>
        <source>Imprimer &amp;sur…</source>
        <translation>Print &amp;on…</translation>
    </message>
    <message>
        <source>Choisir l&apos;imprimante puis imprimer le reçu</source>
        <translation>Choose the printer, then print the receipt</translation>
    </message>
    <message>
        <source>&amp;PDF</source>
        <translation>&amp;PDF</translation>
    </message>
    <message>
        <source>Enregistrer le reçu en PDF</source>
        <translation>Save the receipt as PDF</translation>
    </message>
    <message>
        <source>&amp;Copier</source>
        <translation>&amp;Copy</translation>
    </message>
    <message>
        <source>Copier le reçu</source>
        <translation>Copy the receipt</translation>
    </message>
    <message>
        <source>Pourquoi la vente ne peut pas être annulée</source>
        <translation>Why the sale cannot be voided</translation>
    </message>
    <message>
        <source>Annulation demandée</source>
        <translation>Void requested</translation>
    </message>
    <message>
        <source>Motif de l&apos;annulation</source>
        <translation>Reason for the void</translation>
    </message>
    <message>
        <source>Motif : %1</source>
        <translation>Reason: %1</translation>
    </message>
    <message>
        <source>Confirmer l&apos;annulation (Entrée)</source>
        <translation>Confirm the void (Enter)</translation>
    </message>
    <message>
        <source>Confirmer l&apos;annulation</source>
        <translation>Confirm the void</translation>
    </message>
    <message>
        <source>Ne pas annuler (Échap)</source>
        <translation>Don&apos;t void (Esc)</translation>
    </message>
    <message>
        <source>Ne pas annuler la vente</source>
        <translation>Don&apos;t void the sale</translation>
    </message>
    <message>
        <source>Annuler la vente : motif</source>
        <translation>Void the sale: reason</translation>
    </message>
    <message>
        <source>Résultat de l&apos;action</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Totaux des ventes affichées</source>
        <translation>Totals of the sales shown</translation>
    </message>
    <message>
        <source>Erreur de montant</source>
        <translation>Wrong amount</translation>
    </message>
    <message>
        <source>Mauvais avantage choisi</source>
        <translation>Wrong benefit chosen</translation>
    </message>
    <message>
        <source>Achat abandonné par le jeune</source>
        <translation>Purchase abandoned by the young person</translation>
    </message>
    <message>
        <source>Encaissé deux fois</source>
        <translation>Charged twice</translation>
    </message>
    <message>
        <source>⚠ La Région a refusé %1 vente(s) : elles ne seront pas remboursées.</source>
        <translation>⚠ The Region rejected %1 sale(s): they will not be paid back.</translation>
    </message>
    <message>
        <source>%1 non remboursés</source>
        <translation>%1 not paid back</translation>
    </message>
    <message>
        <source>caissier : %1</source>
        <translation>cashier: %1</translation>
    </message>
    <message>
        <source>réf. %1</source>
        <translation>ref. %1</translation>
    </message>
    <message>
        <source>Vente refusée</source>
        <translation>Sale rejected</translation>
    </message>
    <message>
        <source>Motif du refus de la Région</source>
        <translation>Why the Region rejected it</translation>
    </message>
    <message>
        <source>J&apos;ai vu</source>
        <translation>Seen</translation>
    </message>
    <message>
        <source>J&apos;ai vu le refus de %1</source>
        <translation>Mark the rejection of %1 as seen</translation>
    </message>
    <message>
        <source>Refus de la Région</source>
        <translation>Rejected by the Region</translation>
    </message>
    <message>
        <source>%1 vente(s)</source>
        <translation>%1 sale(s)</translation>
    </message>
    <message>
        <source>Aujourd&apos;hui : %1 vente(s)</source>
        <translation>Today: %1 sale(s)</translation>
    </message>
    <message>
        <source>Les %1 plus récentes</source>
        <translation>The %1 most recent</translation>
    </message>
    <message>
        <source>0 vente</source>
        <translation>0 sales</translation>
    </message>
    <message>
        <source>Aucune vente ne correspond à « %1 »</source>
        <translation>No sale matches “%1”</translation>
    </message>
    <message>
        <source> aujourd&apos;hui. Cochez « Tous les jours » pour chercher plus loin.</source>
        <translation> today. Tick “All days” to search further back.</translation>
    </message>
    <message>
        <source>Aucune vente enregistrée sur cette caisse.</source>
        <translation>No sales recorded on this till.</translation>
    </message>
    <message>
        <source>Aucune vente aujourd&apos;hui. Cochez « Tous les jours » pour les autres.</source>
        <translation>No sales today. Tick “All days” to see the others.</translation>
    </message>
    <message>
        <source>Total de %1 vente(s), annulations déduites : prix %2 · payé par les avantages %3 · reste à payer %4</source>
        <translation>Total of %1 sale(s), voids deducted: price %2 · paid by the benefits %3 · left to pay %4</translation>
    </message>
    <message>
        <source> (sans les %1 refusée(s) par la Région)</source>
        <translation> (not counting the %1 refused by the Region)</translation>
    </message>
    <message>
        <source>Annulation — %1</source>
        <translation>Void — %1</translation>
    </message>
    <message>
        <source> — motif : %1</source>
        <translation> — reason: %1</translation>
    </message>
    <message>
        <source>↩ Annulation</source>
        <translation>↩ Void</translation>
    </message>
    <message>
        <source>⚠ Refusée par la Région (vu)</source>
        <translation>⚠ Rejected by the Region (seen)</translation>
    </message>
    <message>
        <source>⚠ Refusée par la Région</source>
        <translation>⚠ Rejected by the Region</translation>
    </message>
    <message>
        <source>↩ Annulée</source>
        <translation>↩ Voided</translation>
    </message>
    <message>
        <source>○ En attente d&apos;envoi</source>
        <translation>○ Waiting to be sent</translation>
    </message>
    <message>
        <source>✔ Envoyée</source>
        <translation>✔ Sent</translation>
    </message>
    <message>
        <source>Choisissez une vente dans la liste.</source>
        <translation>Choose a sale in the list.</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Annule la vente %1 — motif : %2</source>
        <translation>Voids sale %1 — reason: %2</translation>
    </message>
    <message>
        <source>Annulée par la transaction %1.</source>
        <translation>Voided by transaction %1.</translation>
    </message>
    <message>
        <source>Annuler la vente de %1 (%2) ? Le montant sera rendu à l&apos;avantage du jeune.</source>
        <translation>Void the sale of %1 (%2)? The amount goes back to the young person&apos;s benefit.</translation>
    </message>
    <message>
        <source>✔ Vente annulée : %1 rendus à l&apos;avantage. Voici le reçu d&apos;annulation.</source>
        <translation>✔ Sale voided: %1 back on the benefit. Here is the void receipt.</translation>
    </message>
    <message>
        <source>✔ Reçu copié : collez-le (Ctrl+V) dans un courriel ou un document.</source>
        <translation>✔ Receipt copied: paste it (Ctrl+V) into an e-mail or a document.</translation>
    </message>
    <message>
        <source>✔ Refus noté : il reste visible dans l&apos;historique.</source>
        <translation>✔ Rejection marked as seen: it stays in the history.</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Pavé numérique</source>
        <translation>Keypad</translation>
    </message>
    <message>
        <source>,</source>
        <comment>decimal mark key</comment>
        <translation>.</translation>
    </message>
    <message>
        <source>Effacer le dernier chiffre</source>
        <translation>Delete the last digit</translation>
    </message>
    <message>
        <source>Valider</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Tout effacer</source>
        <translation>Clear all</translation>
    </message>
    <message>
        <source>Touche %1</source>
        <translation>Key %1</translation>
    </message>
</context>
<context>
    <name>LocalApiSection</name>
    <message>
        <source>API locale (logiciel de caisse du partenaire)</source>
        <translation>Local API (the partner&apos;s own till software)</translation>
    </message>
    <message>
        <source>Activer l&apos;API locale sur cet ordinateur</source>
        <translation>Turn on the local API on this computer</translation>
    </message>
    <message>
        <source>Port :</source>
        <translation>Port:</translation>
    </message>
    <message>
        <source>secret masqué</source>
        <translation>secret hidden</translation>
    </message>
    <message>
        <source>Afficher</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Copier</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Nouveau secret</source>
        <translation>New secret</translation>
    </message>
    <message>
        <source>Secret :</source>
        <translation>Secret:</translation>
    </message>
    <message>
        <source>Activer l&apos;API locale</source>
        <translation>Turn on the local API</translation>
    </message>
    <message>
        <source>Port de l&apos;API locale</source>
        <translation>Local API port</translation>
    </message>
    <message>
        <source>Secret de l&apos;API locale</source>
        <translation>Local API secret</translation>
    </message>
    <message>
        <source>Afficher le secret de l&apos;API locale</source>
        <translation>Show the local API secret</translation>
    </message>
    <message>
        <source>Copier le secret de l&apos;API locale</source>
        <translation>Copy the local API secret</translation>
    </message>
    <message>
        <source>Remplacer le secret de l&apos;API locale</source>
        <translation>Replace the local API secret</translation>
    </message>
    <message>
        <source>Le logiciel de caisse du partenaire envoie ce secret dans l&apos;en-tête « Authorization: Bearer … ». Un nouveau secret remplace l&apos;ancien aussitôt. L&apos;API n&apos;écoute que sur cet ordinateur (127.0.0.1) : voir docs/local-api.md.</source>
        <translation>The partner&apos;s till software sends this secret in the “Authorization: Bearer …” header. A new secret replaces the old one at once. The API listens on this computer only (127.0.0.1): see docs/local-api.md.</translation>
    </message>
    <message>
        <source>Appliqué au prochain démarrage de la caisse.</source>
        <translation>Applied the next time the till starts.</translation>
    </message>
    <message>
        <source>En service : %1</source>
        <translation>Running: %1</translation>
    </message>
    <message>
        <source>Arrêtée.</source>
        <translation>Stopped.</translation>
    </message>
    <message>
        <source>Secret copié dans le presse-papiers.</source>
        <translation>Secret copied to the clipboard.</translation>
    </message>
    <message>
        <source>Nouveau secret : l&apos;ancien ne marche plus. Copiez-le dans le logiciel de caisse.</source>
        <translation>New secret: the old one no longer works. Copy it into the till software.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Atouts POS — caisse</source>
        <translation>Atouts POS — till</translation>
    </message>
    <message>
        <source>Caisse (F1)</source>
        <translation>Till (F1)</translation>
    </message>
    <message>
        <source>Historique (F3)</source>
        <translation>History (F3)</translation>
    </message>
    <message>
        <source>Réglages (F4)</source>
        <translation>Settings (F4)</translation>
    </message>
    <message>
        <source>Clôture (F7)</source>
        <translation>Close (F7)</translation>
    </message>
    <message>
        <source>Remboursements (F8)</source>
        <translation>Reimbursements (F8)</translation>
    </message>
    <message>
        <source>Mode de la caisse</source>
        <translation>Till mode</translation>
    </message>
    <message>
        <source>Scannez ou tapez le code, puis Entrée</source>
        <translation>Scan or type the code, then Enter</translation>
    </message>
    <message>
        <source>Code du jeune</source>
        <translation>Young person&apos;s code</translation>
    </message>
    <message>
        <source>Résultat de l&apos;encaissement</source>
        <translation>Payment result</translation>
    </message>
    <message>
        <source>Voir le reçu (Ctrl+R)</source>
        <translation>Show receipt (Ctrl+R)</translation>
    </message>
    <message>
        <source>Voir le reçu de la dernière vente</source>
        <translation>Show the last sale&apos;s receipt</translation>
    </message>
    <message>
        <source>Imprimer le reçu (Ctrl+P)</source>
        <translation>Print the receipt (Ctrl+P)</translation>
    </message>
    <message>
        <source>Imprimer le reçu de la dernière vente, si le jeune le demande</source>
        <translation>Print the last sale&apos;s receipt, if the young person asks for it</translation>
    </message>
    <message>
        <source>Autre achat pour ce jeune (Ctrl+N)</source>
        <translation>Another purchase for this young person (Ctrl+N)</translation>
    </message>
    <message>
        <source>Encaisser un autre achat pour le même jeune</source>
        <translation>Charge another purchase for the same young person</translation>
    </message>
    <message>
        <source>Impression du reçu</source>
        <translation>Receipt printing</translation>
    </message>
    <message>
        <source>Reçu</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Pièce d&apos;identité vérifiée : valider la présence (Entrée)</source>
        <translation>ID checked: confirm check-in (Enter)</translation>
    </message>
    <message>
        <source>Valider la présence au bon plan</source>
        <translation>Confirm special offer check-in</translation>
    </message>
    <message>
        <source>Inscrits au bon plan</source>
        <translation>Signed up for the special offer</translation>
    </message>
    <message>
        <source>Synchroniser (F6)</source>
        <translation>Sync (F6)</translation>
    </message>
    <message>
        <source>Synchroniser avec la Région</source>
        <translation>Sync with the Region</translation>
    </message>
    <message>
        <source>Caméra (F5)</source>
        <translation>Camera (F5)</translation>
    </message>
    <message>
        <source>Lire les QR codes avec la caméra</source>
        <translation>Read QR codes with the camera</translation>
    </message>
    <message>
        <source>Coller une image (Ctrl+Maj+V)</source>
        <translation>Paste an image (Ctrl+Shift+V)</translation>
    </message>
    <message>
        <source>Lire le QR code d&apos;une capture d&apos;écran copiée</source>
        <translation>Read the QR code in a copied screenshot</translation>
    </message>
    <message>
        <source>État de la caméra</source>
        <translation>Camera status</translation>
    </message>
    <message>
        <source>&amp;Mode de la caisse :</source>
        <translation>Till &amp;mode:</translation>
    </message>
    <message>
        <source>Démo : QR codes dans %1</source>
        <translation>Demo: QR codes in %1</translation>
    </message>
    <message>
        <source>%1 période(s) à vérifier : écart de paiement ou délai de contestation.</source>
        <translation>%1 period(s) to check: a payment gap or a dispute deadline.</translation>
    </message>
    <message>
        <source>Encaissé — %1</source>
        <translation>Paid — %1</translation>
    </message>
    <message>
        <source>Prix : %1 · payé par l&apos;avantage : %2</source>
        <translation>Price: %1 · paid by the benefit: %2</translation>
    </message>
    <message>
        <source>(non utilisé, perdu : %1)</source>
        <translation>(unused, lost: %1)</translation>
    </message>
    <message>
        <source>Reste à payer : %1</source>
        <translation>Left to pay: %1</translation>
    </message>
    <message>
        <source>Rien à encaisser en plus</source>
        <translation>Nothing more to collect</translation>
    </message>
    <message>
        <source>Erreur inattendue (%1).</source>
        <translation>Unexpected error (%1).</translation>
    </message>
    <message>
        <source>vente de %1 (payée par l&apos;avantage : %2)</source>
        <translation>sale of %1 (paid by the benefit: %2)</translation>
    </message>
    <message>
        <source>vente de %1 (avantage : %2, reste payé par le jeune : %3)</source>
        <translation>sale of %1 (benefit: %2, left paid by the young person: %3)</translation>
    </message>
    <message>
        <source>annulation (%1 rendus à l&apos;avantage)</source>
        <translation>void (%1 given back to the benefit)</translation>
    </message>
    <message>
        <source>Dernière opération enregistrée : %1 le %2 (réf. %3).</source>
        <translation>Last recorded: %1 on %2 (ref. %3).</translation>
    </message>
    <message>
        <source>Impression du reçu…</source>
        <translation>Printing the receipt…</translation>
    </message>
    <message>
        <source>Caissier (F2)</source>
        <translation>Cashier (F2)</translation>
    </message>
    <message>
        <source>Caissier : identifiez-vous (F2) avant d&apos;encaisser.</source>
        <translation>Cashier: sign in (F2) before charging.</translation>
    </message>
    <message>
        <source>Encaissement</source>
        <translation>Payment</translation>
    </message>
    <message>
        <source>Bon plan : %1 (%2/%3 venus)</source>
        <translation>Special offer: %1 (%2/%3 arrived)</translation>
    </message>
    <message>
        <source>%1 — venus : %2 sur %3</source>
        <translation>%1 — arrived: %2 of %3</translation>
    </message>
    <message>
        <source>PRÉSENCE ENREGISTRÉE</source>
        <translation>CHECKED IN</translation>
    </message>
    <message>
        <source>À VÉRIFIER</source>
        <translation>CHECK FIRST</translation>
    </message>
    <message>
        <source>Synchronisation…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Synchronisé : %1 envoyée(s).</source>
        <translation>Synced: %1 sent.</translation>
    </message>
    <message>
        <source>Caméra : </source>
        <translation>Camera: </translation>
    </message>
    <message>
        <source>Lecteur : </source>
        <translation>Scanner: </translation>
    </message>
</context>
<context>
    <name>MoneyNotice</name>
    <message>
        <source>Remboursements : contestation de %1 possible jusqu&apos;au %2 seulement (écart %3). Voir Remboursements (F8).</source>
        <translation>Reimbursements: %1 can be disputed only until %2 (gap %3). See Reimbursements (F8).</translation>
    </message>
    <message>
        <source>%1 autre(s) délai(s) proche(s).</source>
        <translation>%1 other deadline(s) near.</translation>
    </message>
</context>
<context>
    <name>MoneyPage</name>
    <message>
        <source>Remboursements de la Région</source>
        <translation>Reimbursements from the Region</translation>
    </message>
    <message>
        <source>Résumé des remboursements</source>
        <translation>Reimbursements summary</translation>
    </message>
    <message>
        <source>Relevé de la Région refusé</source>
        <translation>Region statement refused</translation>
    </message>
    <message>
        <source>Période</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>Dispositif</source>
        <translation>Scheme</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Caisse</source>
        <translation>Till</translation>
    </message>
    <message>
        <source>Compté</source>
        <translation>Counted</translation>
    </message>
    <message>
        <source>Payé</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>Refusé</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Écart</source>
        <translation>Gap</translation>
    </message>
    <message>
        <source>Périodes de remboursement, la plus récente d&apos;abord</source>
        <translation>Reimbursement periods, newest first</translation>
    </message>
    <message>
        <source>Montants de la période</source>
        <translation>Amounts of the period</translation>
    </message>
    <message>
        <source>Lot de la Région</source>
        <translation>Region batch</translation>
    </message>
    <message>
        <source>Écart de paiement</source>
        <translation>Payment gap</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Réf.</source>
        <translation>Ref.</translation>
    </message>
    <message>
        <source>Région</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Pourquoi</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>Transactions qui diffèrent</source>
        <translation>Transactions that differ</translation>
    </message>
    <message>
        <source>Délai de contestation</source>
        <translation>Dispute deadline</translation>
    </message>
    <message>
        <source>Lettre de contestation (PDF)</source>
        <translation>Dispute letter (PDF)</translation>
    </message>
    <message>
        <source>Écrire la lettre de contestation en PDF, à envoyer en recommandé</source>
        <translation>Write the dispute letter as a PDF, to send by registered post</translation>
    </message>
    <message>
        <source>Date de réception du virement…</source>
        <translation>Date the transfer arrived…</translation>
    </message>
    <message>
        <source>Indiquer le jour où le virement est arrivé sur le compte</source>
        <translation>Say on which day the transfer reached the account</translation>
    </message>
    <message>
        <source>Jour de réception du virement</source>
        <translation>Day the transfer arrived</translation>
    </message>
    <message>
        <source>Enregistrer la date</source>
        <translation>Save the date</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Ne pas changer la date de réception</source>
        <translation>Do not change the date of receipt</translation>
    </message>
    <message>
        <source>Reçu sur le compte le :</source>
        <translation>Reached the account on:</translation>
    </message>
    <message>
        <source>Résultat pour la période</source>
        <translation>Result for the period</translation>
    </message>
    <message>
        <source>Dossier des fichiers</source>
        <translation>Folder for the files</translation>
    </message>
    <message>
        <source>Toutes les périodes</source>
        <translation>All periods</translation>
    </message>
    <message>
        <source>Exporter toutes les périodes plutôt que la période choisie</source>
        <translation>Export every period rather than the chosen one</translation>
    </message>
    <message>
        <source>Exporter CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <source>Exporter les transactions en CSV</source>
        <translation>Export the transactions as CSV</translation>
    </message>
    <message>
        <source>Relevé PDF</source>
        <translation>PDF statement</translation>
    </message>
    <message>
        <source>Écrire le relevé des remboursements en PDF</source>
        <translation>Write the reimbursement statement as a PDF</translation>
    </message>
    <message>
        <source>Résultat de l&apos;export</source>
        <translation>Export result</translation>
    </message>
    <message>
        <source>Dossier :</source>
        <translation>Folder:</translation>
    </message>
    <message>
        <source>Lecture des remboursements…</source>
        <translation>Reading the reimbursements…</translation>
    </message>
    <message>
        <source>Dernier relevé de la Région refusé : %1</source>
        <translation>Last statement from the Region refused: %1</translation>
    </message>
    <message>
        <source>Erreur inattendue en lisant les remboursements.</source>
        <translation>Unexpected error while reading the reimbursements.</translation>
    </message>
    <message>
        <source>Aucune période pour l&apos;instant : la caisse n&apos;a rien enregistré et la Région n&apos;a rien compté. Les relevés de la Région arrivent avec la synchronisation.</source>
        <translation>No period yet: the till has recorded nothing and the Region has counted nothing. The Region&apos;s statements arrive with the sync.</translation>
    </message>
    <message>
        <source>%1 réglée(s)</source>
        <translation>%1 settled</translation>
    </message>
    <message>
        <source>%1 en attente</source>
        <translation>%1 pending</translation>
    </message>
    <message>
        <source>%1 en cours</source>
        <translation>%1 running</translation>
    </message>
    <message>
        <source>%1 avec écart</source>
        <translation>%1 with a gap</translation>
    </message>
    <message>
        <source>la Région vous doit encore %1 d&apos;après la caisse.</source>
        <translation>the Region still owes you %1 according to the till.</translation>
    </message>
    <message>
        <source>Choisissez une période dans la liste.</source>
        <translation>Choose a period in the list.</translation>
    </message>
    <message>
        <source>Enregistré par la caisse %1 · compté par la Région %2 · payé %3</source>
        <translation>Recorded by the till %1 · counted by the Region %2 · paid %3</translation>
    </message>
    <message>
        <source>refusé %1</source>
        <translation>refused %1</translation>
    </message>
    <message>
        <source>manque %1</source>
        <translation>missing %1</translation>
    </message>
    <message>
        <source>trop payé %1</source>
        <translation>overpaid %1</translation>
    </message>
    <message>
        <source>Période en cours : la Région la comptera après sa fin (du %1 au %2).</source>
        <translation>Period running: the Region will count it once it is over (%1 to %2).</translation>
    </message>
    <message>
        <source>La Région n&apos;a pas encore envoyé son décompte de cette période (du %1 au %2).</source>
        <translation>The Region has not yet sent its count of this period (%1 to %2).</translation>
    </message>
    <message>
        <source>Lot %1 : compté le %2</source>
        <translation>Batch %1: counted on %2</translation>
    </message>
    <message>
        <source>payé %1 le %2</source>
        <translation>paid %1 on %2</translation>
    </message>
    <message>
        <source>paiement attendu au plus tard le %1</source>
        <translation>payment due by %1 at the latest</translation>
    </message>
    <message>
        <source>virement %1</source>
        <translation>transfer %1</translation>
    </message>
    <message>
        <source>Reçu sur le compte le %1 (date confirmée).</source>
        <translation>Reached the account on %1 (date confirmed).</translation>
    </message>
    <message>
        <source>Reçu le %1 ? Date du paiement de la Région, à confirmer.</source>
        <translation>Received on %1? The Region&apos;s payment date, to be confirmed.</translation>
    </message>
    <message>
        <source>Aucune transaction ne diffère : la Région et la caisse sont d&apos;accord.</source>
        <translation>No transaction differs: the Region and the till agree.</translation>
    </message>
    <message>
        <source>Rien à comparer tant que la Région n&apos;a pas compté la période.</source>
        <translation>Nothing to compare until the Region has counted the period.</translation>
    </message>
    <message>
        <source>Rien à contester pour cette période.</source>
        <translation>Nothing to dispute for this period.</translation>
    </message>
    <message>
        <source>Un écart se conteste une fois le paiement reçu.</source>
        <translation>A gap is disputed once the payment is received.</translation>
    </message>
    <message>
        <source>Contestation plus recevable.</source>
        <translation>Dispute no longer admissible.</translation>
    </message>
    <message>
        <source>Le délai de contestation court à partir du jour où le virement est arrivé sur votre compte (relevé bancaire).</source>
        <translation>The dispute deadline runs from the day the transfer reached your account (bank statement).</translation>
    </message>
    <message>
        <source>Réception du virement notée au %1.</source>
        <translation>Transfer noted as received on %1.</translation>
    </message>
    <message>
        <source>Écriture de la lettre…</source>
        <translation>Writing the letter…</translation>
    </message>
    <message>
        <source>Lettre écrite : %1 — à imprimer, signer et envoyer en recommandé avec accusé de réception.</source>
        <translation>Letter written: %1 — print it, sign it and send it by registered post with acknowledgement of receipt.</translation>
    </message>
    <message>
        <source>Export CSV en cours…</source>
        <translation>Exporting CSV…</translation>
    </message>
    <message>
        <source>CSV écrit (%1 transaction(s)) : %2</source>
        <translation>CSV written (%1 transaction(s)): %2</translation>
    </message>
    <message>
        <source>Écriture du relevé…</source>
        <translation>Writing the statement…</translation>
    </message>
    <message>
        <source>Relevé PDF écrit : %1</source>
        <translation>PDF statement written: %1</translation>
    </message>
    <message>
        <source>Choisissez une période, ou cochez « Toutes les périodes ».</source>
        <translation>Choose a period, or tick “All periods”.</translation>
    </message>
    <message>
        <source>Impossible de créer le dossier %1 : choisissez un dossier où vous pouvez écrire.</source>
        <translation>Cannot create the folder %1: choose a folder you can write to.</translation>
    </message>
    <message>
        <source>Erreur inattendue : le fichier n&apos;a pas été écrit.</source>
        <translation>Unexpected error: the file was not written.</translation>
    </message>
</context>
<context>
    <name>OperatorPage</name>
    <message>
        <source>Qui tient la caisse ?</source>
        <translation>Who is on the till?</translation>
    </message>
    <message>
        <source>Touchez votre nom (ou tapez sa première lettre), tapez votre code, puis Entrée.</source>
        <translation>Touch your name (or type its first letter), type your PIN, then Enter.</translation>
    </message>
    <message>
        <source>Comment prendre la caisse</source>
        <translation>How to sign in</translation>
    </message>
    <message>
        <source>Changer de caissier</source>
        <translation>Change cashier</translation>
    </message>
    <message>
        <source>Caissiers de cette caisse</source>
        <translation>Cashiers of this till</translation>
    </message>
    <message>
        <source>Code personnel de</source>
        <translation>PIN of</translation>
    </message>
    <message>
        <source>4 à 8 chiffres</source>
        <translation>4 to 8 digits</translation>
    </message>
    <message>
        <source>Code personnel</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Prendre la caisse (Entrée)</source>
        <translation>Sign in (Enter)</translation>
    </message>
    <message>
        <source>Prendre la caisse</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Résultat de la connexion</source>
        <translation>Sign-in result</translation>
    </message>
    <message>
        <source>Saisie du code personnel</source>
        <translation>PIN entry</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Aucun caissier n&apos;est enregistré sur cette caisse.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Vous pouvez l&apos;utiliser sans nom : les ventes n&apos;indiqueront pas qui les a encaissées.&lt;/p&gt;&lt;p&gt;Pour nommer les caissiers, ajoutez-les avec le bouton « Ajouter un caissier » ci-dessous, ou sur cet ordinateur avec la commande :&lt;br&gt;&lt;tt&gt;%1&lt;/tt&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;No cashier is registered on this till.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;You can use it without a name: sales will not say who took them.&lt;/p&gt;&lt;p&gt;To name the cashiers, add them with the “Add a cashier” button below, or on this computer with the command:&lt;br&gt;&lt;tt&gt;%1&lt;/tt&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Aucun caissier enregistré</source>
        <translation>No cashier registered</translation>
    </message>
    <message>
        <source>Utiliser la caisse sans nom de caissier</source>
        <translation>Use the till without a cashier name</translation>
    </message>
    <message>
        <source>Caisse sans caissier nommé</source>
        <translation>Till without a named cashier</translation>
    </message>
    <message>
        <source>Ajouter un caissier…</source>
        <translation>Add a cashier…</translation>
    </message>
    <message>
        <source>Ajouter un caissier</source>
        <translation>Add a cashier</translation>
    </message>
    <message>
        <source>Nom du nouveau caissier</source>
        <translation>New cashier&apos;s name</translation>
    </message>
    <message>
        <source>Code personnel du nouveau caissier</source>
        <translation>New cashier&apos;s PIN</translation>
    </message>
    <message>
        <source>Ajouter ce caissier</source>
        <translation>Add this cashier</translation>
    </message>
    <message>
        <source>Ajout d&apos;un caissier</source>
        <translation>Adding a cashier</translation>
    </message>
    <message>
        <source>Caissiers</source>
        <translation>Cashiers</translation>
    </message>
    <message>
        <source>✔ Caisse utilisée sans nom de caissier.</source>
        <translation>✔ Till used without a cashier name.</translation>
    </message>
    <message>
        <source>Prénom Nom</source>
        <translation>First name Last name</translation>
    </message>
    <message>
        <source>Code personnel, 4 à 8 chiffres</source>
        <translation>PIN, 4 to 8 digits</translation>
    </message>
    <message>
        <source>Le même code, une seconde fois</source>
        <translation>The same PIN again</translation>
    </message>
    <message>
        <source>Code personnel, une seconde fois</source>
        <translation>PIN, again</translation>
    </message>
    <message>
        <source>Ajouter (Entrée)</source>
        <translation>Add (Enter)</translation>
    </message>
    <message>
        <source>Résultat de l&apos;ajout</source>
        <translation>Result of adding the cashier</translation>
    </message>
    <message>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Confirmer</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Choisissez d&apos;abord votre nom dans la liste.</source>
        <translation>First choose your name in the list.</translation>
    </message>
    <message>
        <source>Tapez votre code personnel, puis Entrée.</source>
        <translation>Type your PIN, then Enter.</translation>
    </message>
    <message>
        <source>✔ %1 tient la caisse.</source>
        <translation>✔ %1 is on the till.</translation>
    </message>
    <message>
        <source>✖ Les deux codes ne sont pas identiques : retapez-les.</source>
        <translation>✖ The two PINs are not the same: type them again.</translation>
    </message>
    <message>
        <source>✔ %1 est ajouté(e) : choisissez son nom et tapez son code.</source>
        <translation>✔ %1 added: choose their name and type their PIN.</translation>
    </message>
    <message>
        <source>Code personnel de %1</source>
        <translation>%1&apos;s PIN</translation>
    </message>
    <message>
        <source>Choisissez votre nom, puis tapez votre code</source>
        <translation>Choose your name, then type your PIN</translation>
    </message>
</context>
<context>
    <name>PeriodChart</name>
    <message>
        <source>Graphique : compté, payé et refusé par période</source>
        <translation>Chart: counted, paid and refused per period</translation>
    </message>
    <message>
        <source>%1 : compté %2, payé %3, refusé %4</source>
        <translation>%1: counted %2, paid %3, refused %4</translation>
    </message>
    <message>
        <source>Compté par la Région</source>
        <translation>Counted by the Region</translation>
    </message>
    <message>
        <source>Payé</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>Refusé</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Aucun montant de la Région pour l&apos;instant.</source>
        <translation>No amount from the Region yet.</translation>
    </message>
</context>
<context>
    <name>ReceiptPrinting</name>
    <message>
        <source>Aucune imprimante de reçus n&apos;est choisie : choisissez-la dans les Réglages (F4), ou enregistrez le reçu en PDF.</source>
        <translation>No receipt printer is chosen: choose it in the Settings (F4), or save the receipt as PDF.</translation>
    </message>
    <message>
        <source>Imprimer le reçu</source>
        <translation>Print the receipt</translation>
    </message>
    <message>
        <source>Aucune imprimante de tickets n&apos;est choisie : choisissez-la dans les Réglages (F4), ou exportez le document en PDF.</source>
        <translation>No ticket printer is chosen: choose it in the Settings (F4), or export the document as a PDF.</translation>
    </message>
    <message>
        <source>✔ %1 envoyé à l&apos;imprimante %2.</source>
        <translation>✔ %1 sent to the printer %2.</translation>
    </message>
    <message>
        <source>Choisissez d&apos;abord une imprimante.</source>
        <translation>Choose a printer first.</translation>
    </message>
    <message>
        <source>Imprimante « %1 » introuvable : rien n&apos;a été imprimé. Vérifiez qu&apos;elle est installée et allumée, ou choisissez-en une autre dans les Réglages (F4).</source>
        <translation>Printer “%1” not found: nothing was printed. Check that it is installed and switched on, or choose another one in the Settings (F4).</translation>
    </message>
    <message>
        <source>Aucune imprimante n&apos;est installée sur cet ordinateur : rien n&apos;a été imprimé. Enregistrez le reçu en PDF, ou installez une imprimante.</source>
        <translation>No printer is installed on this computer: nothing was printed. Save the receipt as PDF, or install a printer.</translation>
    </message>
    <message>
        <source>Duplicata du reçu</source>
        <translation>Duplicate of receipt</translation>
    </message>
    <message>
        <source>Reçu</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>✔ %1 n° %2 enregistré : %3</source>
        <translation>✔ %1 no. %2 saved: %3</translation>
    </message>
    <message>
        <source>✔ %1 n° %2 envoyé à l&apos;imprimante %3.</source>
        <translation>✔ %1 no. %2 sent to the printer %3.</translation>
    </message>
    <message>
        <source>✔ Ticket d&apos;essai envoyé à %1 : vérifiez qu&apos;il est lisible et complet.</source>
        <translation>✔ Test ticket sent to %1: check that it is readable and complete.</translation>
    </message>
    <message>
        <source>L&apos;imprimante %1 a refusé le reçu : rien n&apos;a été imprimé. Vérifiez-la (papier, allumée), ou enregistrez le reçu en PDF.</source>
        <translation>The printer %1 refused the receipt: nothing was printed. Check it (paper, switched on), or save the receipt as PDF.</translation>
    </message>
    <message>
        <source>L&apos;impression a échoué (%1).</source>
        <translation>Printing failed (%1).</translation>
    </message>
    <message>
        <source>Une impression est déjà en cours : attendez qu&apos;elle se termine.</source>
        <translation>A print is already in progress: wait until it ends.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Réglages de la caisse</source>
        <translation>Till settings</translation>
    </message>
    <message>
        <source>Enregistrement des réglages</source>
        <translation>Saving the settings</translation>
    </message>
    <message>
        <source>Caméra (webcam)</source>
        <translation>Camera (webcam)</translation>
    </message>
    <message>
        <source>Caméra utilisée</source>
        <translation>Camera used</translation>
    </message>
    <message>
        <source>Rechercher à nouveau</source>
        <translation>Search again</translation>
    </message>
    <message>
        <source>Rechercher les caméras</source>
        <translation>Search for cameras</translation>
    </message>
    <message>
        <source>Résolution de la caméra</source>
        <translation>Camera resolution</translation>
    </message>
    <message>
        <source>la plus rapide, pour une caisse lente</source>
        <translation>fastest, for a slow till</translation>
    </message>
    <message>
        <source>recommandée</source>
        <translation>recommended</translation>
    </message>
    <message>
        <source>codes très petits ; plus lente</source>
        <translation>very small codes; slower</translation>
    </message>
    <message>
        <source>Caméras trouvées</source>
        <translation>Cameras found</translation>
    </message>
    <message>
        <source>Aperçu de la caméra</source>
        <translation>Camera preview</translation>
    </message>
    <message>
        <source>Tester la caméra</source>
        <translation>Test the camera</translation>
    </message>
    <message>
        <source>État de la caméra</source>
        <translation>Camera status</translation>
    </message>
    <message>
        <source>Codes lus (caméra pendant le test, douchette à tout moment) :</source>
        <translation>Codes read (camera during the test, scanner at any time):</translation>
    </message>
    <message>
        <source>Codes lus</source>
        <translation>Codes read</translation>
    </message>
    <message>
        <source>Caméra</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Résolution</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <source>Douchette (lecteur de codes)</source>
        <translation>Barcode scanner</translation>
    </message>
    <message>
        <source>Douchette USB qui « tape » le code comme un clavier : rien à régler, elle est reconnue toute seule.</source>
        <translation>USB scanner that “types” the code like a keyboard: nothing to set, it is recognised on its own.</translation>
    </message>
    <message>
        <source>Douchette série ou HID-POS</source>
        <translation>Serial or HID-POS scanner</translation>
    </message>
    <message>
        <source>Rechercher les douchettes</source>
        <translation>Search for scanners</translation>
    </message>
    <message>
        <source>Pour essayer une douchette, scannez un code : il s&apos;affiche dans « Codes lus ». Une douchette série ou HID-POS choisie ici sert dès le prochain démarrage de la caisse.</source>
        <translation>To try a scanner, scan a code: it shows in “Codes read”. A serial or HID-POS scanner chosen here is used from the till&apos;s next start.</translation>
    </message>
    <message>
        <source>Imprimante des reçus</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <source>Type d&apos;imprimante des reçus</source>
        <translation>Kind of receipt printer</translation>
    </message>
    <message>
        <source>Aucune (reçu affiché, copié ou en PDF)</source>
        <translation>None (receipt shown, copied or as PDF)</translation>
    </message>
    <message>
        <source>Imprimante du système</source>
        <translation>System printer</translation>
    </message>
    <message>
        <source>Imprimante de tickets USB (ESC/POS)</source>
        <translation>USB ticket printer (ESC/POS)</translation>
    </message>
    <message>
        <source>Imprimante de tickets réseau (ESC/POS)</source>
        <translation>Network ticket printer (ESC/POS)</translation>
    </message>
    <message>
        <source>Imprimante de tickets série (ESC/POS)</source>
        <translation>Serial ticket printer (ESC/POS)</translation>
    </message>
    <message>
        <source>fabricant:produit, ex. 04b8:0202</source>
        <translation>vendor:product, e.g. 04b8:0202</translation>
    </message>
    <message>
        <source>Identifiant USB de l&apos;imprimante</source>
        <translation>Printer&apos;s USB id</translation>
    </message>
    <message>
        <source>adresse IP, ex. 192.168.1.50:9100</source>
        <translation>IP address, e.g. 192.168.1.50:9100</translation>
    </message>
    <message>
        <source>Adresse de l&apos;imprimante réseau</source>
        <translation>Network printer&apos;s address</translation>
    </message>
    <message>
        <source>port, ex. /dev/ttyUSB0 ou COM3</source>
        <translation>port, e.g. /dev/ttyUSB0 or COM3</translation>
    </message>
    <message>
        <source>Port série de l&apos;imprimante</source>
        <translation>Printer&apos;s serial port</translation>
    </message>
    <message>
        <source>Vitesse du port série</source>
        <translation>Serial port speed</translation>
    </message>
    <message>
        <source>%1 bauds</source>
        <translation>%1 baud</translation>
    </message>
    <message>
        <source>Largeur du papier</source>
        <translation>Paper width</translation>
    </message>
    <message>
        <source>%1 mm (%2 caractères par ligne)</source>
        <translation>%1 mm (%2 characters per line)</translation>
    </message>
    <message>
        <source>Imprimer un ticket d&apos;essai</source>
        <translation>Print a test ticket</translation>
    </message>
    <message>
        <source>Résultat du ticket d&apos;essai</source>
        <translation>Test ticket result</translation>
    </message>
    <message>
        <source>Les reçus papier ne sont imprimés que si le jeune le demande.</source>
        <translation>Paper receipts are printed only when the young person asks for one.</translation>
    </message>
    <message>
        <source>Imprimante</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>USB</source>
        <translation>USB</translation>
    </message>
    <message>
        <source>Réseau</source>
        <translation>Network</translation>
    </message>
    <message>
        <source>Port série</source>
        <translation>Serial port</translation>
    </message>
    <message>
        <source>Vitesse</source>
        <translation>Speed</translation>
    </message>
    <message>
        <source>Papier</source>
        <translation>Paper</translation>
    </message>
    <message>
        <source>Langue</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Langue de la caisse</source>
        <translation>Till language</translation>
    </message>
    <message>
        <source>La langue choisie s&apos;applique au prochain démarrage de la caisse.</source>
        <translation>The language chosen applies from the till&apos;s next start.</translation>
    </message>
    <message>
        <source>Cette caisse</source>
        <translation>This till</translation>
    </message>
    <message>
        <source>Partenaire</source>
        <translation>Partner</translation>
    </message>
    <message>
        <source>Appareil</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>reçues</source>
        <translation>received</translation>
    </message>
    <message>
        <source>version %1 — %2 porte-monnaie</source>
        <translation>version %1 — %2 wallets</translation>
    </message>
    <message>
        <source>Informations illisibles (%1).</source>
        <translation>Information unreadable (%1).</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>Activation</translation>
    </message>
    <message>
        <source>Serveur de la Région</source>
        <translation>Region server</translation>
    </message>
    <message>
        <source>Jeton rangé dans</source>
        <translation>Token stored in</translation>
    </message>
    <message>
        <source>Données de la Région</source>
        <translation>Region data</translation>
    </message>
    <message>
        <source>En attente d&apos;envoi</source>
        <translation>Waiting to be sent</translation>
    </message>
    <message>
        <source>Données reçues</source>
        <translation>Data received</translation>
    </message>
    <message>
        <source>Journal</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>Détails techniques ▸</source>
        <translation>Technical details ▸</translation>
    </message>
    <message>
        <source>Montrer les détails techniques</source>
        <translation>Show the technical details</translation>
    </message>
    <message>
        <source>Avertissements de la caisse</source>
        <translation>Till warnings</translation>
    </message>
    <message>
        <source>Actualiser</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Actualiser les informations</source>
        <translation>Refresh the information</translation>
    </message>
    <message>
        <source>Détails techniques ▾</source>
        <translation>Technical details ▾</translation>
    </message>
    <message>
        <source>Recherche des caméras…</source>
        <translation>Searching for cameras…</translation>
    </message>
    <message>
        <source>Impression du ticket d&apos;essai…</source>
        <translation>Printing the test ticket…</translation>
    </message>
    <message>
        <source>Arrêter le test</source>
        <translation>Stop the test</translation>
    </message>
    <message>
        <source>Ouverture de la caméra…</source>
        <translation>Opening the camera…</translation>
    </message>
    <message>
        <source>Caméra %1</source>
        <translation>Camera %1</translation>
    </message>
    <message>
        <source>%1 (débranchée)</source>
        <translation>%1 (unplugged)</translation>
    </message>
    <message>
        <source>Aucune caméra détectée</source>
        <translation>No camera found</translation>
    </message>
    <message>
        <source>Aucune caméra détectée. Branchez une webcam puis cliquez « Rechercher à nouveau ». En attendant, la douchette et le code tapé à la main marchent.</source>
        <translation>No camera found. Plug in a webcam, then click “Search again”. Meanwhile, the scanner and typing the code by hand work.</translation>
    </message>
    <message>
        <source>La caméra choisie n&apos;est pas branchée : rebranchez-la, ou choisissez-en une autre dans la liste.</source>
        <translation>The chosen camera is not plugged in: plug it back in, or choose another one in the list.</translation>
    </message>
    <message>
        <source>%1 caméra(s) trouvée(s). Le choix sert tout de suite et aux prochains démarrages.</source>
        <translation>%1 camera(s) found. The choice applies now and at the next starts.</translation>
    </message>
    <message>
        <source>Caméra choisie : %1.</source>
        <translation>Camera chosen: %1.</translation>
    </message>
    <message>
        <source>caméra</source>
        <translation>camera</translation>
    </message>
    <message>
        <source>douchette</source>
        <translation>scanner</translation>
    </message>
    <message>
        <source>saisie</source>
        <translation>typed</translation>
    </message>
    <message>
        <source>Aperçu : cliquez « Tester la caméra » puis montrez un QR code.</source>
        <translation>Preview: click “Test the camera”, then show a QR code.</translation>
    </message>
    <message>
        <source>Aucune autre (douchette clavier seulement)</source>
        <translation>None other (keyboard scanner only)</translation>
    </message>
    <message>
        <source>%1 (non branchée)</source>
        <translation>%1 (not plugged in)</translation>
    </message>
    <message>
        <source>Imprimante par défaut du système</source>
        <translation>The system&apos;s default printer</translation>
    </message>
    <message>
        <source>%1 (introuvable)</source>
        <translation>%1 (not found)</translation>
    </message>
    <message>
        <source>✔ Enregistré : la langue change au prochain démarrage de la caisse.</source>
        <translation>✔ Saved: the language changes at the till&apos;s next start.</translation>
    </message>
    <message>
        <source>%1 — identifiant %2</source>
        <translation>%1 — ID %2</translation>
    </message>
    <message>
        <source>— (caisse non activée)</source>
        <translation>— (till not activated)</translation>
    </message>
    <message>
        <source>✔ Activée</source>
        <translation>✔ Activated</translation>
    </message>
    <message>
        <source>✖ Non activée</source>
        <translation>✖ Not activated</translation>
    </message>
    <message>
        <source>pas encore reçues (synchronisez la caisse)</source>
        <translation>not received yet (sync the till)</translation>
    </message>
    <message>
        <source>%1 transaction(s)</source>
        <translation>%1 transaction(s)</translation>
    </message>
    <message>
        <source>produites à l&apos;instant</source>
        <translation>produced just now</translation>
    </message>
    <message>
        <source>produites il y a %1 min</source>
        <translation>produced %1 min ago</translation>
    </message>
    <message>
        <source>produites il y a %1 h</source>
        <translation>produced %1 h ago</translation>
    </message>
    <message>
        <source>produites il y a %1 jours</source>
        <translation>produced %1 days ago</translation>
    </message>
    <message>
        <source>✖ Réglages non enregistrés (dossier de la caisse inaccessible) : ils seront perdus au prochain démarrage.</source>
        <translation>✖ Settings not saved (the till&apos;s folder cannot be written): they will be lost at the next start.</translation>
    </message>
    <message>
        <source>✔ Réglages enregistrés.</source>
        <translation>✔ Settings saved.</translation>
    </message>
</context>
<context>
    <name>StatusStrip</name>
    <message>
        <source>Connexion à la Région</source>
        <translation>Connection to the Region</translation>
    </message>
    <message>
        <source>État de la caisse</source>
        <translation>Till status</translation>
    </message>
    <message>
        <source>Changer d&apos;opérateur</source>
        <translation>Change cashier</translation>
    </message>
    <message>
        <source>Refus de la Région à voir</source>
        <translation>Rejected by the Region, to review</translation>
    </message>
    <message>
        <source>Progression de la synchronisation</source>
        <translation>Sync progress</translation>
    </message>
    <message>
        <source>Avertissements</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <source>Hors ligne : les ventes sont gardées et partiront dès le retour du réseau</source>
        <translation>Offline: sales are kept and will be sent as soon as the network is back</translation>
    </message>
    <message>
        <source>Caisse hors ligne</source>
        <translation>Till offline</translation>
    </message>
    <message>
        <source>Connexion : vérification…</source>
        <translation>Connection: checking…</translation>
    </message>
    <message>
        <source>En ligne</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Hors ligne</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Pas encore reliée à la Région</source>
        <translation>Not linked to the Region yet</translation>
    </message>
    <message>
        <source>MODE FORMATION (horloge fixée au %1)</source>
        <translation>TRAINING MODE (clock set to %1)</translation>
    </message>
    <message>
        <source>caisse non activée</source>
        <translation>till not activated</translation>
    </message>
    <message>
        <source>dernière synchro : %1</source>
        <translation>last sync: %1</translation>
    </message>
    <message>
        <source>jamais</source>
        <translation>never</translation>
    </message>
    <message>
        <source>en attente d&apos;envoi : %1</source>
        <translation>waiting to be sent: %1</translation>
    </message>
    <message>
        <source>données de la Région : %1</source>
        <translation>Region data: %1</translation>
    </message>
    <message>
        <source>Caissier : identifiez-vous (F2)</source>
        <translation>Cashier: sign in (F2)</translation>
    </message>
    <message>
        <source>Caissier : %1 — changer (F2)</source>
        <translation>Cashier: %1 — change (F2)</translation>
    </message>
    <message>
        <source>Caissier : sans nom (F2)</source>
        <translation>Cashier: no name (F2)</translation>
    </message>
    <message>
        <source>Changer de caissier</source>
        <translation>Change cashier</translation>
    </message>
    <message>
        <source>%1 refus de la Région à voir (F3)</source>
        <translation>%1 rejected by the Region, to review (F3)</translation>
    </message>
    <message>
        <source>Téléchargement des données de la Région</source>
        <translation>Downloading the Region&apos;s data</translation>
    </message>
    <message>
        <source>Mise à jour des données de la Région</source>
        <translation>Updating the Region&apos;s data</translation>
    </message>
    <message>
        <source>il y a moins d&apos;une minute</source>
        <translation>less than a minute ago</translation>
    </message>
    <message>
        <source>à jour</source>
        <translation>up to date</translation>
    </message>
    <message>
        <source>il y a %1 min</source>
        <translation>%1 min ago</translation>
    </message>
    <message>
        <source>il y a %1 h</source>
        <translation>%1 h ago</translation>
    </message>
    <message>
        <source>il y a %1 jours</source>
        <translation>%1 days ago</translation>
    </message>
</context>
<context>
    <name>VerdictPanel</name>
    <message>
        <source>Résultat de la vérification</source>
        <translation>Check result</translation>
    </message>
    <message>
        <source>Reste à payer par le jeune</source>
        <translation>Left for the young person to pay</translation>
    </message>
    <message>
        <source>En attente d&apos;un code</source>
        <translation>Waiting for a code</translation>
    </message>
    <message>
        <source>Scannez le QR code du jeune (caméra ou lecteur), ou tapez le code imprimé.</source>
        <translation>Scan the young person&apos;s QR code (camera or scanner), or type the printed code.</translation>
    </message>
    <message>
        <source>À VÉRIFIER</source>
        <translation>CHECK FIRST</translation>
    </message>
    <message>
        <source>ACCEPTÉ</source>
        <translation>ACCEPTED</translation>
    </message>
    <message>
        <source>• %1 : %2</source>
        <translation>• %1: %2</translation>
    </message>
    <message>
        <source>REFUSÉ</source>
        <translation>REFUSED</translation>
    </message>
    <message>
        <source>VENTE ENREGISTRÉE</source>
        <translation>SALE RECORDED</translation>
    </message>
    <message>
        <source>né(e) le %1</source>
        <translation>born %1</translation>
    </message>
    <message>
        <source>%1 ans</source>
        <translation>age %1</translation>
    </message>
</context>
<context>
    <name>_Journal</name>
    <message>
        <source>erreur notée dans le journal</source>
        <translation>error written to the log</translation>
    </message>
    <message>
        <source>erreur notée dans le journal : %1</source>
        <translation>error written to the log: %1</translation>
    </message>
</context>
<context>
    <name>domain</name>
    <message>
        <source>Accusé de réception de la Région reçu.</source>
        <translation>The Region&apos;s acknowledgement has been received.</translation>
    </message>
    <message>
        <source>Accès refusé au fichier « {path} ».</source>
        <translation>Access denied to the file “{path}”.</translation>
    </message>
    <message>
        <source>Accès refusé au lecteur HID-POS {path} : sous Linux, ces périphériques sont réservés à l&apos;administrateur. Installez la règle udev fournie avec Atouts POS ({rules}) : « sudo cp {rules} /etc/udev/rules.d/ », ou écrivez dans un fichier de /etc/udev/rules.d/ la ligne : {rule} ; puis « sudo udevadm control --reload-rules &amp;&amp; sudo udevadm trigger » et rebranchez le lecteur.</source>
        <translation>Access denied to the HID-POS scanner {path}: on Linux, these devices are reserved for the administrator. Install the udev rule supplied with Atouts POS ({rules}): “sudo cp {rules} /etc/udev/rules.d/”, or write this line in a file in /etc/udev/rules.d/: {rule}; then run “sudo udevadm control --reload-rules &amp;&amp; sudo udevadm trigger” and plug the scanner back in.</translation>
    </message>
    <message>
        <source>Accès refusé au lecteur série {path} : ajoutez l&apos;utilisateur de la caisse au groupe dialout (« sudo usermod -aG dialout $USER »), puis fermez la session et rouvrez-la.</source>
        <translation>Access denied to the serial scanner {path}: add the till&apos;s user to the dialout group (“sudo usermod -aG dialout $USER”), then log out and log back in.</translation>
    </message>
    <message>
        <source>Adresse de l&apos;imprimante réseau illisible : « {typed} ». Écrivez son adresse IP, avec le port si ce n&apos;est pas 9100 : 192.168.1.50 ou 192.168.1.50:9100.</source>
        <translation>Unreadable network printer address: “{typed}”. Write its IP address, with the port if it is not 9100: 192.168.1.50 or 192.168.1.50:9100.</translation>
    </message>
    <message>
        <source>Adresse de serveur invalide dans le QR code d&apos;activation.</source>
        <translation>Invalid server address in the activation QR code.</translation>
    </message>
    <message>
        <source>Adresse du serveur invalide : elle commence par https:// (par exemple https://atouts.region.fr). Recopiez-la depuis votre espace partenaire.</source>
        <translation>Invalid server address: it starts with https:// (for example https://atouts.region.fr). Copy it again from your partner area.</translation>
    </message>
    <message>
        <source>Annulation impossible après {hours} h : faites un avoir au jeune selon vos conditions commerciales.</source>
        <translation>Cannot void after {hours} h: give the young person a credit note under your usual terms of sale.</translation>
    </message>
    <message>
        <source>Aucun QR code lisible dans l&apos;image collée : demandez une capture plus nette, où le QR code est entier.</source>
        <translation>No readable QR code in the pasted image: ask for a sharper screenshot showing the whole QR code.</translation>
    </message>
    <message>
        <source>Aucun bon NUMÉRISAK à déposer : tous les bons vendus sont déjà sur un bordereau.</source>
        <translation>No NUMÉRISAK voucher to deposit: every voucher sold is already on a deposit slip.</translation>
    </message>
    <message>
        <source>Aucun bordereau {ref} dans cette caisse (voir « atouts-pos claims »).</source>
        <translation>No deposit slip {ref} at this till (see &quot;atouts-pos claims&quot;).</translation>
    </message>
    <message>
        <source>Aucun paiement de la Région n&apos;a la référence {ref}.</source>
        <translation>No payment from the Region has the reference {ref}.</translation>
    </message>
    <message>
        <source>Aucune caméra détectée. Branchez une webcam (elle sera prise dès qu&apos;elle est branchée) ou scannez avec la douchette, ou tapez le code.</source>
        <translation>No camera found. Plug in a webcam (it is used as soon as it is plugged in), or scan with the scanner, or type the code.</translation>
    </message>
    <message>
        <source>Aucune clôture journalière pour {period} dans cette caisse.</source>
        <translation>No daily close for {period} on this till.</translation>
    </message>
    <message>
        <source>Aucune clôture {kind} n° {number} dans cette caisse.</source>
        <translation>No {kind} close no. {number} on this till.</translation>
    </message>
    <message>
        <source>Aucune donnée d&apos;image reçue (contenu vide).</source>
        <translation>No image data received (empty content).</translation>
    </message>
    <message>
        <source>Aucune imprimante de reçus n&apos;est choisie : choisissez-la dans les Réglages (F4), ou enregistrez le reçu en PDF.</source>
        <translation>No receipt printer is chosen: choose it in the Settings (F4), or save the receipt as PDF.</translation>
    </message>
    <message>
        <source>Aucune période à relever pour cette caisse.</source>
        <translation>No period to state for this till.</translation>
    </message>
    <message>
        <source>Aucune transaction pour la période {key}.</source>
        <translation>No transaction in the period {key}.</translation>
    </message>
    <message>
        <source>Avantage « {wanted} » non utilisable ici pour ce jeune. Possibles : {offered}.</source>
        <translation>Benefit “{wanted}” cannot be used here for this young person. Possible: {offered}.</translation>
    </message>
    <message>
        <source>Bon ou coupon d&apos;un dispositif que cette caisse ne gère pas ({scheme}) : il n&apos;ouvre aucun avantage ici.</source>
        <translation>Voucher or coupon from a scheme this till does not handle ({scheme}): it gives no benefit here.</translation>
    </message>
    <message>
        <source>Bon plan inconnu de cette caisse : {bon_plan}. Synchronisez la caisse.</source>
        <translation>Special offer unknown to this till: {bon_plan}. Sync the till.</translation>
    </message>
    <message>
        <source>Bon à usage unique : vérifiez la pièce d&apos;identité ({identity}) et cochez la case</source>
        <translation>Single-use voucher: check the ID ({identity}) and tick the box</translation>
    </message>
    <message>
        <source>Bordereau gardé dans la caisse : il partira à la prochaine synchronisation ({why})</source>
        <translation>Deposit slip kept at the till: it will go at the next sync ({why})</translation>
    </message>
    <message>
        <source>Bordereau gardé dans la caisse : il partira à la prochaine synchronisation.</source>
        <translation>Deposit slip kept at the till: it will go at the next sync.</translation>
    </message>
    <message>
        <source>Bordereau {deposit} refusé par la Région : {why}</source>
        <translation>Deposit slip {deposit} refused by the Region: {why}</translation>
    </message>
    <message>
        <source>Caissier inconnu : {name}.</source>
        <translation>Unknown cashier: {name}.</translation>
    </message>
    <message>
        <source>Caméra arrêtée.</source>
        <translation>Camera stopped.</translation>
    </message>
    <message>
        <source>Caméra prête : présentez le QR code devant l&apos;objectif.</source>
        <translation>Camera ready: hold the QR code in front of the lens.</translation>
    </message>
    <message>
        <source>Caméra reconnectée : présentez le QR code devant l&apos;objectif.</source>
        <translation>Camera reconnected: hold the QR code in front of the lens.</translation>
    </message>
    <message>
        <source>Caméra {index}</source>
        <translation>Camera {index}</translation>
    </message>
    <message>
        <source>Ce QR code n&apos;est pas un code d&apos;activation de caisse Atouts : affichez le code d&apos;activation de votre espace partenaire.</source>
        <translation>This QR code is not an Atouts till activation code: show the activation code from your partner area.</translation>
    </message>
    <message>
        <source>Ce bon a déjà été utilisé : un bon ne sert qu&apos;une fois. Refusez-le.</source>
        <translation>This voucher has already been used: a voucher can only be used once. Refuse it.</translation>
    </message>
    <message>
        <source>Ce code de l&apos;application a déjà été remplacé par un plus récent : c&apos;est une copie. Demandez au jeune d&apos;afficher le code en direct.</source>
        <translation>This app code has already been replaced by a newer one: it is a copy. Ask the young person to show the live code.</translation>
    </message>
    <message>
        <source>Ce code n&apos;est pas un code Atouts. Demandez le QR code de l&apos;application ou de la carte.</source>
        <translation>This is not an Atouts code. Ask for the QR code from the app or the card.</translation>
    </message>
    <message>
        <source>Ce coupon a déjà été utilisé ou annulé : un coupon ne sert qu&apos;une fois.</source>
        <translation>This coupon has already been used or cancelled: a coupon can only be used once.</translation>
    </message>
    <message>
        <source>Ce coupon a été réservé pour un autre partenaire : il ne peut pas être encaissé ici.</source>
        <translation>This coupon is reserved for another partner: it cannot be charged here.</translation>
    </message>
    <message>
        <source>Ce jeune</source>
        <translation>This young person</translation>
    </message>
    <message>
        <source>Ce support a été remplacé (nouvelle carte ou nouveau code) : il n&apos;est plus valable. Demandez au jeune son nouveau support.</source>
        <translation>This pass has been replaced (new card or new code): it is no longer valid. Ask the young person for their new pass.</translation>
    </message>
    <message>
        <source>Ces données ne sont pas une image lisible (formats acceptés : PNG, JPEG, BMP, TIFF, WebP…).</source>
        <translation>This data is not a readable image (accepted formats: PNG, JPEG, BMP, TIFF, WebP…).</translation>
    </message>
    <message>
        <source>Cet avantage n&apos;est pas utilisable ici pour ce jeune. Choisissez un avantage proposé.</source>
        <translation>This benefit cannot be used here for this young person. Choose one of the benefits offered.</translation>
    </message>
    <message>
        <source>Cette caisse a été ouverte par une version plus récente d&apos;Atouts POS : installez la dernière version.</source>
        <translation>This till was opened by a newer version of Atouts POS: install the latest version.</translation>
    </message>
    <message>
        <source>Cette caisse est déjà ouverte dans une autre fenêtre ou un autre programme. Fermez-le d&apos;abord : deux fenêtres sur une même caisse pourraient encaisser deux fois.</source>
        <translation>This till is already open in another window or program. Close it first: two windows on the same till could charge twice.</translation>
    </message>
    <message>
        <source>Cette caisse n&apos;est pas activée : aucun bon NUMÉRISAK à déposer.</source>
        <translation>This till is not activated: no NUMÉRISAK voucher to deposit.</translation>
    </message>
    <message>
        <source>Cette caisse n&apos;est pas activée : aucun remboursement à suivre.</source>
        <translation>This till is not activated: no reimbursement to follow.</translation>
    </message>
    <message>
        <source>Cette caisse n&apos;est pas encore activée : aucun reçu à imprimer.</source>
        <translation>This till is not activated yet: no receipt to print.</translation>
    </message>
    <message>
        <source>Cette caisse n&apos;est pas encore activée : il n&apos;y a rien à clôturer.</source>
        <translation>This till is not activated yet: there is nothing to close.</translation>
    </message>
    <message>
        <source>Cette caisse n&apos;est pas encore activée : saisissez le code partenaire fourni par la Région (atouts-pos enroll).</source>
        <translation>This till is not activated yet: enter the partner code given by the Region (atouts-pos enroll).</translation>
    </message>
    <message>
        <source>Cette installation ne sait pas piloter ce type d&apos;imprimante : réinstallez-la.</source>
        <translation>This installation cannot drive this kind of printer: reinstall it.</translation>
    </message>
    <message>
        <source>Cette opération est déjà enregistrée : rien n&apos;a été compté deux fois.</source>
        <translation>This operation is already recorded: nothing was counted twice.</translation>
    </message>
    <message>
        <source>Cette transaction est déjà annulée.</source>
        <translation>This transaction is already voided.</translation>
    </message>
    <message>
        <source>Cette transaction n&apos;est pas un refus de la Région en attente : rien à confirmer.</source>
        <translation>This transaction is not a rejection by the Region waiting to be reviewed: nothing to confirm.</translation>
    </message>
    <message>
        <source>Code d&apos;une autre région ({region}) : il n&apos;ouvre aucun avantage ici.</source>
        <translation>Code from another region ({region}): it gives no benefit here.</translation>
    </message>
    <message>
        <source>Code de l&apos;application : vérifiez la pièce d&apos;identité ({identity}) et cochez la case</source>
        <translation>App code: check the ID ({identity}) and tick the box</translation>
    </message>
    <message>
        <source>Code de l&apos;application falsifié : refusez-le et demandez au jeune d&apos;ouvrir l&apos;application devant vous.</source>
        <translation>Forged app code: refuse it and ask the young person to open the app in front of you.</translation>
    </message>
    <message>
        <source>Code de l&apos;application figé (capture d&apos;écran ou copie ?) : demandez au jeune d&apos;ouvrir l&apos;application devant vous, le code change toutes les 30 secondes.</source>
        <translation>App code frozen (screenshot or copy?): ask the young person to open the app in front of you; the code changes every 30 seconds.</translation>
    </message>
    <message>
        <source>Code de l&apos;application trop ancien : capture d&apos;écran, ou heure du téléphone fausse. Demandez au jeune d&apos;afficher le code en direct (heure du téléphone automatique).</source>
        <translation>App code too old: a screenshot, or the phone&apos;s time is wrong. Ask the young person to show the live code (phone time set to automatic).</translation>
    </message>
    <message>
        <source>Code expiré. Demandez au jeune d&apos;afficher un code à jour dans l&apos;application ou de présenter sa carte.</source>
        <translation>Code expired. Ask the young person to show a current code in the app or to show their card.</translation>
    </message>
    <message>
        <source>Code falsifié ou altéré : signature invalide. Refusez ce code.</source>
        <translation>Forged or altered code: invalid signature. Refuse this code.</translation>
    </message>
    <message>
        <source>Code illisible ou incomplet. Scannez à nouveau ou tapez le code imprimé sur le support.</source>
        <translation>Code unreadable or incomplete. Scan again or type the code printed on the pass.</translation>
    </message>
    <message>
        <source>Code inconnu de cette caisse : vérifiez la saisie, ou synchronisez la caisse si le support est récent.</source>
        <translation>Code unknown to this till: check what was typed, or sync the till if the pass is new.</translation>
    </message>
    <message>
        <source>Code mal saisi : le chiffre de contrôle ne correspond pas. Vérifiez chaque chiffre.</source>
        <translation>Code mistyped: the check digit does not match. Check each digit.</translation>
    </message>
    <message>
        <source>Code pas encore valide : l&apos;heure de cette caisse ou du téléphone est fausse. Vérifiez la date et l&apos;heure de la caisse.</source>
        <translation>Code not valid yet: the time on this till or on the phone is wrong. Check the till&apos;s date and time.</translation>
    </message>
    <message>
        <source>Code personnel incorrect : {hint}</source>
        <translation>Wrong PIN: {hint}</translation>
    </message>
    <message>
        <source>Code saisi à la main : au plus {limit} par achat. Scannez le QR code du support pour aller au-delà.</source>
        <translation>Code typed by hand: at most {limit} per purchase. Scan the QR code on the pass to go above that.</translation>
    </message>
    <message>
        <source>Code signé par une clé inconnue de cette caisse : synchronisez la caisse, puis scannez à nouveau. Si le refus persiste, le code n&apos;est pas authentique.</source>
        <translation>Code signed with a key unknown to this till: sync the till, then scan again. If it is still refused, the code is not genuine.</translation>
    </message>
    <message>
        <source>Code signé par une clé retirée par la Région : demandez au jeune un nouveau code (application à jour ou nouvelle carte).</source>
        <translation>Code signed with a key withdrawn by the Region: ask the young person for a new code (updated app or new card).</translation>
    </message>
    <message>
        <source>Code signé à l&apos;instant par l&apos;application du jeune ({identity}) : pas de pièce d&apos;identité à demander</source>
        <translation>Code signed just now by the young person&apos;s app ({identity}): no ID to ask for</translation>
    </message>
    <message>
        <source>Code émis hors de la période de validité de sa clé : refusez ce code.</source>
        <translation>Code issued outside its key&apos;s validity period: refuse this code.</translation>
    </message>
    <message>
        <source>Confirmez d&apos;abord que la pièce d&apos;identité correspond : {identity}.</source>
        <translation>First confirm that the ID matches: {identity}.</translation>
    </message>
    <message>
        <source>Coupon de prépaiement : vérifiez la pièce d&apos;identité ({identity}) et cochez la case</source>
        <translation>Prepaid coupon: check the ID ({identity}) and tick the box</translation>
    </message>
    <message>
        <source>Date de dépôt dans le futur ({day}) : indiquez le jour où les bons sont remis à la Région (aujourd&apos;hui au plus tard, {today}).</source>
        <translation>Deposit date in the future ({day}): give the day the vouchers are handed in to the Region (today at the latest, {today}).</translation>
    </message>
    <message>
        <source>Date de dépôt illisible : « {typed} ». Écrivez-la JJ/MM/AAAA, ex. 15/09/2026.</source>
        <translation>Unreadable deposit date: &quot;{typed}&quot;. Write it DD/MM/YYYY, e.g. 15/09/2026.</translation>
    </message>
    <message>
        <source>Date de réception impossible : entre le {paid} (paiement de la Région) et aujourd&apos;hui.</source>
        <translation>Impossible date of receipt: between {paid} (the Region&apos;s payment) and today.</translation>
    </message>
    <message>
        <source>Date illisible : « {typed} ». Écrivez-la AAAA-MM-JJ, ex. 2026-03-31.</source>
        <translation>Unreadable date: “{typed}”. Write it YYYY-MM-DD, e.g. 2026-03-31.</translation>
    </message>
    <message>
        <source>Dernier jour pour contester : envoyez la lettre recommandée aujourd&apos;hui ({deadline}).</source>
        <translation>Last day to dispute: send the registered letter today ({deadline}).</translation>
    </message>
    <message>
        <source>Des transactions attendent d&apos;être envoyées : synchronisez avant de réactiver.</source>
        <translation>Transactions are waiting to be sent: sync before activating again.</translation>
    </message>
    <message>
        <source>Disque plein : {path} n&apos;a pas été écrit. Libérez de la place.</source>
        <translation>Disk full: {path} was not written. Free some space.</translation>
    </message>
    <message>
        <source>Données de la Région trop anciennes dans {delay} : synchronisez la caisse avant, sinon les encaissements seront refusés.</source>
        <translation>Region data will be too old in {delay}: sync the till before then, or payments will be refused.</translation>
    </message>
    <message>
        <source>Données de la Région vieilles de {age} h (limite : {limit} h) : connectez la caisse à Internet et synchronisez avant d&apos;encaisser.</source>
        <translation>Region data is {age} h old (limit: {limit} h): connect the till to the Internet and sync before charging.</translation>
    </message>
    <message>
        <source>Droits suspendus par la Région pour ce jeune : aucun avantage utilisable. Le jeune doit contacter la Région.</source>
        <translation>Rights suspended by the Region for this young person: no benefit can be used. The young person must contact the Region.</translation>
    </message>
    <message>
        <source>Délai de contestation dépassé depuis le {deadline} : la Région jugerait la réclamation irrecevable.</source>
        <translation>The dispute deadline passed on {deadline}: the Region would reject the claim as inadmissible.</translation>
    </message>
    <message>
        <source>Hors ligne, il reste {left} utilisables pour ce jeune avant la prochaine synchronisation.</source>
        <translation>Offline, {left} left to use for this young person until the next sync.</translation>
    </message>
    <message>
        <source>Identifiant USB de l&apos;imprimante illisible : « {typed} ». Écrivez fabricant:produit en hexadécimal, par exemple 04b8:0202 (commande lsusb).</source>
        <translation>Unreadable printer USB id: “{typed}”. Write vendor:product in hexadecimal, for example 04b8:0202 (lsusb command).</translation>
    </message>
    <message>
        <source>Identifiant USB de l&apos;imprimante incomplet : « {typed} ».</source>
        <translation>Incomplete printer USB id: “{typed}”.</translation>
    </message>
    <message>
        <source>Il manque : {missing}.</source>
        <translation>Missing: {missing}.</translation>
    </message>
    <message>
        <source>Impossible d&apos;enregistrer la clôture (disque plein ou protégé ?) : rien n&apos;a été clôturé. Libérez de l&apos;espace puis recommencez.</source>
        <translation>The close could not be recorded (disk full or protected?): nothing was closed. Free some space, then try again.</translation>
    </message>
    <message>
        <source>Impossible d&apos;enregistrer la transaction (disque plein ou protégé ?). Rien n&apos;a été débité : libérez de l&apos;espace puis recommencez.</source>
        <translation>Cannot save the transaction (disk full or write-protected?). Nothing was charged: free up some space, then try again.</translation>
    </message>
    <message>
        <source>Impossible d&apos;enregistrer le bordereau (disque plein ou protégé ?) : rien n&apos;a été enregistré. Libérez de l&apos;espace puis recommencez.</source>
        <translation>The deposit slip could not be saved (disk full or protected?): nothing was saved. Free some space and try again.</translation>
    </message>
    <message>
        <source>Impossible d&apos;ouvrir le lecteur série {path} ({error}). Vérifiez qu&apos;il est branché et que l&apos;utilisateur a le droit de le lire (groupe dialout).</source>
        <translation>Cannot open the serial scanner {path} ({error}). Check that it is plugged in and that the user is allowed to read it (dialout group).</translation>
    </message>
    <message>
        <source>Impossible d&apos;écrire le fichier {file} : {why}. Rien n&apos;a été écrit ; choisissez un autre dossier ou libérez de l&apos;espace, puis recommencez.</source>
        <translation>Could not write the file {file}: {why}. Nothing was written; choose another folder or free some space, then try again.</translation>
    </message>
    <message>
        <source>Impossible d&apos;écrire {path} ({detail}).</source>
        <translation>Cannot write {path} ({detail}).</translation>
    </message>
    <message>
        <source>Impossible de clôturer le {day} : cette journée n&apos;a pas encore commencé.</source>
        <translation>Cannot close {day}: this day has not begun yet.</translation>
    </message>
    <message>
        <source>Impossible de lire le fichier « {path} » : {reason}.</source>
        <translation>Cannot read the file “{path}”: {reason}.</translation>
    </message>
    <message>
        <source>Imprimante de tickets {printer} injoignable : rien n&apos;a été imprimé. {hint} La vente, elle, est bien enregistrée.</source>
        <translation>Ticket printer {printer} unreachable: nothing was printed. {hint} The sale itself is recorded.</translation>
    </message>
    <message>
        <source>Indiquez le motif de l&apos;annulation.</source>
        <translation>Give the reason for the void.</translation>
    </message>
    <message>
        <source>Indiquez le port série de l&apos;imprimante (par exemple /dev/ttyUSB0 ou COM3).</source>
        <translation>Give the printer&apos;s serial port (for example /dev/ttyUSB0 or COM3).</translation>
    </message>
    <message>
        <source>Inscrit(e) à « {title} » : vérifiez la pièce d&apos;identité ({identity}) puis confirmez pour enregistrer la présence.</source>
        <translation>Signed up for “{title}”: check the ID ({identity}), then confirm to record the check-in.</translation>
    </message>
    <message>
        <source>L&apos;horloge de la caisse indique une heure antérieure à la dernière synchronisation : vérifiez la date et l&apos;heure du poste, puis synchronisez avant d&apos;encaisser.</source>
        <translation>The till&apos;s clock shows a time earlier than the last sync: check the computer&apos;s date and time, then sync before charging.</translation>
    </message>
    <message>
        <source>L&apos;imprimante choisie est une imprimante du système : imprimez depuis la fenêtre de la caisse, ou enregistrez le document en PDF et imprimez le fichier.</source>
        <translation>The chosen printer is a system printer: print from the till window, or save the document as a PDF and print the file.</translation>
    </message>
    <message>
        <source>L&apos;imprimante choisie est une imprimante du système : imprimez depuis la fenêtre de la caisse, ou enregistrez le reçu en PDF (atouts-pos receipt pdf) et imprimez le fichier.</source>
        <translation>The chosen printer is a system printer: print from the till&apos;s window, or save the receipt as PDF (atouts-pos receipt pdf) and print the file.</translation>
    </message>
    <message>
        <source>L&apos;étiquette antivol ({label}) ne porte pas le numéro du bon ({serial}) : utilisez l&apos;étiquette fournie avec ce bon.</source>
        <translation>The anti-theft label ({label}) does not carry the voucher&apos;s number ({serial}): use the label supplied with this voucher.</translation>
    </message>
    <message>
        <source>La base de données de la caisse est endommagée ({file}). N&apos;effacez rien : contactez l&apos;assistance, les transactions enregistrées peuvent être récupérées.</source>
        <translation>The till&apos;s database is damaged ({file}). Do not delete anything: contact support; the recorded transactions can be recovered.</translation>
    </message>
    <message>
        <source>La base de données de la caisse est endommagée ({file}). N&apos;effacez rien : contactez l&apos;assistance.</source>
        <translation>The till&apos;s database is damaged ({file}). Do not delete anything: contact support.</translation>
    </message>
    <message>
        <source>La base de données de la caisse n&apos;a pas pu être écrite : les données de la Région n&apos;ont pas été mises à jour (les ventes enregistrées ne sont pas touchées).</source>
        <translation>The till&apos;s database could not be written: the Region data was not updated (recorded sales are not affected).</translation>
    </message>
    <message>
        <source>La caisse n&apos;a pas encore reçu les données de la Région : connectez-la à Internet et synchronisez.</source>
        <translation>The till has not received the Region data yet: connect it to the Internet and sync.</translation>
    </message>
    <message>
        <source>La caméra est utilisée par une autre application (visioconférence, autre logiciel de caisse…). Fermez cette application : la caméra sera reprise toute seule.</source>
        <translation>The camera is being used by another application (video call, other till software…). Close that application: the camera will be picked up again on its own.</translation>
    </message>
    <message>
        <source>La caméra ne répond plus (débranchée ?). Rebranchez-la : nouvelle tentative automatique. En attendant, scannez avec la douchette ou tapez le code.</source>
        <translation>The camera is not responding (unplugged?). Plug it back in: it will retry automatically. Meanwhile, scan with the scanner or type the code.</translation>
    </message>
    <message>
        <source>La journée du {day} est déjà clôturée (clôture n° {number} du {last}) : une clôture ne se refait pas. Les opérations faites depuis seront dans la prochaine.</source>
        <translation>The day of {day} is already closed (close no. {number} of {last}): a close is never made again. Operations made since will be in the next one.</translation>
    </message>
    <message>
        <source>La journée du {day} n&apos;est pas clôturée : faites sa clôture (page Clôture, F7).</source>
        <translation>The day of {day} is not closed: make its close (Close page, F7).</translation>
    </message>
    <message>
        <source>La vente {ref} n&apos;est pas un bon NUMÉRISAK à déposer (inconnue, annulée ou déjà sur un bordereau) : voir « atouts-pos claims ».</source>
        <translation>Sale {ref} is not a NUMÉRISAK voucher to deposit (unknown, voided or already on a deposit slip): see &quot;atouts-pos claims&quot;.</translation>
    </message>
    <message>
        <source>Le bon {serial} a été vendu le {sold}, après la date de dépôt ({day}) : choisissez une date de dépôt plus récente ou retirez ce bon.</source>
        <translation>Voucher {serial} was sold on {sold}, after the deposit date ({day}): choose a later deposit date or leave this voucher out.</translation>
    </message>
    <message>
        <source>Le code imprimé sur le support a {digits} chiffres ({typed} saisis) : vérifiez la saisie.</source>
        <translation>The code printed on the pass has {digits} digits ({typed} typed): check what was typed.</translation>
    </message>
    <message>
        <source>Le code personnel se compose de 4 à 8 chiffres.</source>
        <translation>The PIN is 4 to 8 digits.</translation>
    </message>
    <message>
        <source>Le disque de la caisse est plein : les données de la Région n&apos;ont pas été mises à jour (les ventes enregistrées ne sont pas touchées).</source>
        <translation>The till&apos;s disk is full: the Region data was not updated (recorded sales are not affected).</translation>
    </message>
    <message>
        <source>Le disque de la caisse est plein ou inaccessible : les données de la Région n&apos;ont pas été mises à jour (les ventes enregistrées ne sont pas touchées).</source>
        <translation>The till&apos;s disk is full or cannot be accessed: the Region data was not updated (recorded sales are not affected).</translation>
    </message>
    <message>
        <source>Le dossier {folder} n&apos;existe pas.</source>
        <translation>The folder {folder} does not exist.</translation>
    </message>
    <message>
        <source>Le décodeur de QR codes est indisponible : la bibliothèque zbar est introuvable. Installez-la puis relancez l&apos;application : « sudo apt install libzbar0 » (Debian, Ubuntu), « sudo dnf install zbar » (Fedora), « brew install zbar » (macOS). Sous Windows, zbar est fourni avec pyzbar mais demande le « Visual C++ Redistributable 2013 ».</source>
        <translation>The QR code decoder is unavailable: the zbar library cannot be found. Install it, then restart the application: “sudo apt install libzbar0” (Debian, Ubuntu), “sudo dnf install zbar” (Fedora), “brew install zbar” (macOS). On Windows, zbar comes with pyzbar but needs the “Visual C++ Redistributable 2013”.</translation>
    </message>
    <message>
        <source>Le décodeur de QR codes zxing-cpp est introuvable : la lecture est plus lente et moins sûre (codes inclinés, petits ou sur écran). Réinstallez l&apos;application, ou « pip install zxing-cpp » dans son environnement.</source>
        <translation>The zxing-cpp QR code decoder cannot be found: reading is slower and less reliable (tilted or small codes, codes on screens). Reinstall the application, or run “pip install zxing-cpp” in its environment.</translation>
    </message>
    <message>
        <source>Le fichier « {path} » est introuvable.</source>
        <translation>The file “{path}” cannot be found.</translation>
    </message>
    <message>
        <source>Le fichier « {path} » est trop gros pour une image de QR code ({size} Mo, au plus {limit} Mo).</source>
        <translation>The file “{path}” is too big for a QR code image ({size} MB, at most {limit} MB).</translation>
    </message>
    <message>
        <source>Le fichier « {path} » est vide.</source>
        <translation>The file “{path}” is empty.</translation>
    </message>
    <message>
        <source>Le fichier « {path} » n&apos;est pas une image lisible (formats acceptés : PNG, JPEG, BMP, TIFF, WebP…).</source>
        <translation>The file “{path}” is not a readable image (accepted formats: PNG, JPEG, BMP, TIFF, WebP…).</translation>
    </message>
    <message>
        <source>Le jeton de cette caisse est introuvable : activez-la à nouveau.</source>
        <translation>This till&apos;s token cannot be found: activate the till again.</translation>
    </message>
    <message>
        <source>Le lecteur de codes-barres tape en clavier américain (QWERTY) alors que cet ordinateur est en AZERTY : le code lu n&apos;a pas pu être corrigé. Réglez le lecteur : scannez, dans son manuel, le code de configuration « Keyboard country / Pays du clavier : France (AZERTY) », ou activez son mode « Alt + pavé numérique » (ALT code, keypad emulation). Puis scannez à nouveau.</source>
        <translation>The barcode scanner types with a US keyboard layout (QWERTY) but this computer uses AZERTY: the code read could not be corrected. Set up the scanner: in its manual, scan the configuration code “Keyboard country / Pays du clavier : France (AZERTY)”, or turn on its “Alt + numeric keypad” mode (ALT code, keypad emulation). Then scan again.</translation>
    </message>
    <message>
        <source>Le montant doit être supérieur à {zero}.</source>
        <translation>The amount must be more than {zero}.</translation>
    </message>
    <message>
        <source>Le montant ne peut pas être négatif.</source>
        <translation>The amount cannot be negative.</translation>
    </message>
    <message>
        <source>Le presse-papiers ne contient ni image ni code : copiez la capture d&apos;écran du QR code (ou le code lui-même), puis collez-la ici.</source>
        <translation>The clipboard holds neither an image nor a code: copy the screenshot of the QR code (or the code itself), then paste it here.</translation>
    </message>
    <message>
        <source>Le reçu est sorti, mais la caisse n&apos;a pas pu noter qu&apos;il a été remis (disque plein ou protégé ?) : une réimpression ne portera pas la mention DUPLICATA.</source>
        <translation>The receipt came out, but the till could not note that it was handed out (disk full or protected?): a reprint will not say DUPLICATA.</translation>
    </message>
    <message>
        <source>Le règlement du dispositif ne fixe pas de délai de contestation.</source>
        <translation>The scheme&apos;s regulation sets no dispute deadline.</translation>
    </message>
    <message>
        <source>Le trousseau du système ne répond pas : déverrouillez-le puis réessayez.</source>
        <translation>The system keyring is not responding: unlock it, then try again.</translation>
    </message>
    <message>
        <source>Lecteur HID-POS</source>
        <translation>HID-POS scanner</translation>
    </message>
    <message>
        <source>Lecteur série</source>
        <translation>Serial scanner</translation>
    </message>
    <message>
        <source>Lecteur série {path} débranché ou illisible ({error}).</source>
        <translation>Serial scanner {path} unplugged or unreadable ({error}).</translation>
    </message>
    <message>
        <source>Les clôtures enregistrées dans cette caisse ont été modifiées (clôture {kind} n° {number}) : n&apos;effacez rien et contactez l&apos;assistance.</source>
        <translation>The closes recorded on this till have been modified ({kind} close no. {number}): delete nothing and contact support.</translation>
    </message>
    <message>
        <source>Les données de la Région enregistrées sur ce poste ont été modifiées : elles ne sont plus utilisées. Connectez la caisse à Internet et synchronisez pour les recharger.</source>
        <translation>The Region data stored on this computer has been modified: it is no longer used. Connect the till to the Internet and sync to reload it.</translation>
    </message>
    <message>
        <source>Les décodeurs zxing-cpp et zbar sont introuvables : la caméra utilise le détecteur d&apos;OpenCV, beaucoup plus lent et qui lit moins de codes. Réinstallez l&apos;application.</source>
        <translation>The zxing-cpp and zbar decoders cannot be found: the camera uses OpenCV&apos;s detector, which is much slower and reads fewer codes. Reinstall the application.</translation>
    </message>
    <message>
        <source>Les lecteurs HID-POS ne sont pris en charge que sous Linux pour l&apos;instant : réglez le lecteur en mode clavier USB (HID keyboard).</source>
        <translation>HID-POS scanners are only supported on Linux for now: set the scanner to USB keyboard mode (HID keyboard).</translation>
    </message>
    <message>
        <source>Les lecteurs série (port COM) ne sont pas encore pris en charge sous Windows : réglez le lecteur en mode clavier USB (HID keyboard).</source>
        <translation>Serial scanners (COM port) are not supported on Windows yet: set the scanner to USB keyboard mode (HID keyboard).</translation>
    </message>
    <message>
        <source>Mise à jour partielle des données refusée : une complète va suivre.</source>
        <translation>Partial data update refused: a full one will follow.</translation>
    </message>
    <message>
        <source>Montant illisible : « {typed} ». Tapez par exemple 12,50.</source>
        <translation>Amount not understood: “{typed}”. Type for example 12.50.</translation>
    </message>
    <message>
        <source>Montant invalide : vérifiez le prix saisi.</source>
        <translation>Invalid amount: check the price typed.</translation>
    </message>
    <message>
        <source>Montant pris sur l&apos;avantage incohérent avec le prix : la vente n&apos;est pas conforme aux règles du dispositif.</source>
        <translation>The amount taken from the benefit does not match the price: the sale does not follow the scheme&apos;s rules.</translation>
    </message>
    <message>
        <source>Montant trop élevé ({amount}) : vérifiez la saisie.</source>
        <translation>Amount too high ({amount}): check what was typed.</translation>
    </message>
    <message>
        <source>Ouverture de la caméra {index}…</source>
        <translation>Opening camera {index}…</translation>
    </message>
    <message>
        <source>Paiement inférieur au décompte de la Région : {gap} manquent.</source>
        <translation>Payment below the Region&apos;s count: {gap} missing.</translation>
    </message>
    <message>
        <source>Paiement supérieur au décompte de la Région : {gap} de trop.</source>
        <translation>Payment above the Region&apos;s count: {gap} too much.</translation>
    </message>
    <message>
        <source>Plafond hors ligne atteint pour ce jeune ({limit}) : synchronisez la caisse pour continuer.</source>
        <translation>Offline limit reached for this young person ({limit}): sync the till to continue.</translation>
    </message>
    <message>
        <source>Plafond hors ligne de la caisse atteint ({limit}) : synchronisez la caisse pour continuer.</source>
        <translation>The till&apos;s offline limit is reached ({limit}): sync the till to continue.</translation>
    </message>
    <message>
        <source>Plafond hors ligne de la caisse presque atteint (reste {left}) : synchronisez dès que possible.</source>
        <translation>The till&apos;s offline limit is almost reached ({left} left): sync as soon as possible.</translation>
    </message>
    <message>
        <source>Plusieurs avantages « {wanted} » : précisez, parmi {offered}.</source>
        <translation>Several “{wanted}” benefits: say which one, among {offered}.</translation>
    </message>
    <message>
        <source>Plusieurs transactions commencent par {txn} : donnez quelques caractères de plus.</source>
        <translation>Several transactions start with {txn}: give a few more characters.</translation>
    </message>
    <message>
        <source>Présence déjà enregistrée : ne remettez rien.</source>
        <translation>Already checked in: do not hand anything over.</translation>
    </message>
    <message>
        <source>Présence déjà enregistrée pour « {title} » : ne remettez rien.</source>
        <translation>Already checked in for “{title}”: do not hand anything over.</translation>
    </message>
    <message>
        <source>Présence enregistrée pour « {title} » : {identity}. Remettez la place ou le lot.</source>
        <translation>Checked in for “{title}”: {identity}. Hand over the ticket or prize.</translation>
    </message>
    <message>
        <source>Période illisible : « {typed} ». Écrivez-la {shape}.</source>
        <translation>Unreadable period: “{typed}”. Write it {shape}.</translation>
    </message>
    <message>
        <source>Période inconnue : {key} (voir « atouts-pos reimbursements »).</source>
        <translation>Unknown period: {key} (see &quot;atouts-pos reimbursements&quot;).</translation>
    </message>
    <message>
        <source>Période inconnue : {key}.</source>
        <translation>Unknown period: {key}.</translation>
    </message>
    <message>
        <source>Période {key} de plusieurs dispositifs : précisez --scheme.</source>
        <translation>Period {key} of several schemes: give --scheme.</translation>
    </message>
    <message>
        <source>QR code d&apos;activation incomplet : demandez-en un nouveau.</source>
        <translation>Incomplete activation QR code: ask for a new one.</translation>
    </message>
    <message>
        <source>Refusé par la Région ({amount} non remboursés) : {why}. Voyez avec le jeune ou contactez la Région.</source>
        <translation>Rejected by the Region ({amount} not paid back): {why}. Sort it out with the young person or contact the Region.</translation>
    </message>
    <message>
        <source>Relevé de remboursement refusé : il attribue à cette caisse {count} transaction(s) qu&apos;elle n&apos;a jamais enregistrée(s) (par exemple {example}).</source>
        <translation>Reimbursement statement refused: it attributes to this till {count} transaction(s) it never recorded (for example {example}).</translation>
    </message>
    <message>
        <source>Reçu PDF non enregistré : impossible d&apos;écrire dans {folder} (dossier protégé en écriture ?). Choisissez un autre dossier ; aucun fichier incomplet n&apos;a été laissé.</source>
        <translation>PDF receipt not saved: cannot write in {folder} (write-protected folder?). Choose another folder; no incomplete file was left.</translation>
    </message>
    <message>
        <source>Reçu PDF non enregistré : impossible de créer le dossier {folder}.</source>
        <translation>PDF receipt not saved: cannot create the folder {folder}.</translation>
    </message>
    <message>
        <source>Reçu PDF non enregistré : le disque est plein ({folder}). Libérez de la place puis recommencez ; aucun fichier incomplet n&apos;a été laissé.</source>
        <translation>PDF receipt not saved: the disk is full ({folder}). Free some space, then try again; no incomplete file was left.</translation>
    </message>
    <message>
        <source>Reçu PDF non enregistré : le dossier {folder} n&apos;existe pas. Choisissez un autre dossier.</source>
        <translation>PDF receipt not saved: the folder {folder} does not exist. Choose another folder.</translation>
    </message>
    <message>
        <source>Reçu PDF non enregistré : {path} est un dossier. Donnez un nom de fichier.</source>
        <translation>PDF receipt not saved: {path} is a folder. Give a file name.</translation>
    </message>
    <message>
        <source>Rien à contester pour {period} : la Région n&apos;a pas encore payé, ou a payé ce que la caisse a enregistré.</source>
        <translation>Nothing to dispute for {period}: the Region has not paid yet, or paid what the till recorded.</translation>
    </message>
    <message>
        <source>Référence {ref} ambiguë : donnez-la en entier.</source>
        <translation>Reference {ref} is ambiguous: give it in full.</translation>
    </message>
    <message>
        <source>Réponse du serveur de la Région inutilisable : rien n&apos;a été modifié. Réessayez plus tard ; si cela persiste, contactez l&apos;assistance.</source>
        <translation>Unusable reply from the Region&apos;s server: nothing was changed. Try again later; if it keeps happening, contact support.</translation>
    </message>
    <message>
        <source>Saisissez le numéro de l&apos;étiquette antivol collée sur le PC.</source>
        <translation>Enter the number on the anti-theft label stuck on the PC.</translation>
    </message>
    <message>
        <source>Saisissez le numéro de série du PC remis : la Région inventorie le matériel.</source>
        <translation>Enter the serial number of the PC handed over: the Region keeps an inventory of the equipment.</translation>
    </message>
    <message>
        <source>Serveur de la Région injoignable : la caisse continue hors ligne et enverra les transactions dès que la connexion reviendra.</source>
        <translation>Region server unreachable: the till carries on offline and will send the transactions as soon as the connection is back.</translation>
    </message>
    <message>
        <source>Serveur de la Région injoignable : vérifiez l&apos;adresse du serveur et la connexion Internet de la caisse, puis réessayez.</source>
        <translation>Region server unreachable: check the server address and the till&apos;s Internet connection, then try again.</translation>
    </message>
    <message>
        <source>Seul un encaissement peut être annulé.</source>
        <translation>Only a payment can be voided.</translation>
    </message>
    <message>
        <source>Solde insuffisant : il reste {balance} sur cet avantage.</source>
        <translation>Insufficient balance: {balance} left on this benefit.</translation>
    </message>
    <message>
        <source>Support déclaré perdu ou volé : refusez-le et gardez-le si possible. Le titulaire peut demander un nouveau support à la Région.</source>
        <translation>Pass reported lost or stolen: refuse it and keep it if possible. The holder can ask the Region for a new pass.</translation>
    </message>
    <message>
        <source>Support papier ou carte : vérifiez la pièce d&apos;identité ({identity}) et cochez la case</source>
        <translation>Paper or card support: check the ID ({identity}) and tick the box</translation>
    </message>
    <message>
        <source>Code saisi à la main : vérifiez que la pièce d&apos;identité porte le nom imprimé sur le support, et cochez la case</source>
        <translation>Code typed by hand: check that the ID bears the name printed on the support, and tick the box</translation>
    </message>
    <message>
        <source>Bon périmé depuis le {day} (date de validité du bon) : il ne peut plus être accepté. Seule la Région peut le proroger.</source>
        <translation>Voucher expired since {day} (the voucher&apos;s validity date): it can no longer be accepted. Only the Region can extend it.</translation>
    </message>
    <message>
        <source>Le caissier {name} existe déjà.</source>
        <translation>Cashier {name} already exists.</translation>
    </message>
    <message>
        <source>Nom de caissier : de 1 à 40 caractères.</source>
        <translation>Cashier name: 1 to 40 characters.</translation>
    </message>
    <message>
        <source>Support valable jusqu&apos;au {day} : rappelez au jeune de demander le nouveau à la Région.</source>
        <translation>Pass valid until {day}: remind the young person to ask the Region for the new one.</translation>
    </message>
    <message>
        <source>Transaction inconnue : {txn}.</source>
        <translation>Unknown transaction: {txn}.</translation>
    </message>
    <message>
        <source>Transaction inconnue dans cette caisse : {txn}.</source>
        <translation>Transaction unknown on this till: {txn}.</translation>
    </message>
    <message>
        <source>Trop de codes erronés pour {name} : réessayez dans {minutes} min, ou demandez au responsable de réinitialiser son code.</source>
        <translation>Too many wrong PINs for {name}: try again in {minutes} min, or ask the manager to reset their PIN.</translation>
    </message>
    <message>
        <source>Type d&apos;imprimante inconnu : {kind}.</source>
        <translation>Unknown kind of printer: {kind}.</translation>
    </message>
    <message>
        <source>Un bordereau liste au plus {most} bons ({count} choisis) : faites-en plusieurs.</source>
        <translation>A deposit slip lists at most {most} vouchers ({count} chosen): make several.</translation>
    </message>
    <message>
        <source>Un de ces bons est déjà sur un bordereau (fait à l&apos;instant ailleurs ?) : rien n&apos;a été enregistré, recommencez.</source>
        <translation>One of these vouchers is already on a deposit slip (made elsewhere just now?): nothing was saved, try again.</translation>
    </message>
    <message>
        <source>Un fichier de dispositif livré avec l&apos;application est illisible ou invalide : réinstallez l&apos;application. Détail : {detail}</source>
        <translation>A scheme file shipped with the application is unreadable or invalid: reinstall the application. Details: {detail}</translation>
    </message>
    <message>
        <source>Une autre clôture vient d&apos;être faite sur cette caisse : rien n&apos;a été enregistré, affichez les clôtures puis recommencez si besoin.</source>
        <translation>Another close has just been made on this till: nothing was recorded; show the closes, then try again if needed.</translation>
    </message>
    <message>
        <source>Une clôture enregistrée dans cette caisse est illisible : n&apos;effacez rien et contactez l&apos;assistance.</source>
        <translation>A close recorded on this till is unreadable: delete nothing and contact support.</translation>
    </message>
    <message>
        <source>Une impression est déjà en cours : attendez qu&apos;elle se termine.</source>
        <translation>A print is already in progress: wait until it ends.</translation>
    </message>
    <message>
        <source>Vitesse {baud} bauds non prise en charge par ce système.</source>
        <translation>Speed of {baud} baud not supported by this system.</translation>
    </message>
    <message>
        <source>Votre structure n&apos;est pas agréée pour les avantages de ce jeune ({label}).</source>
        <translation>Your shop is not approved for this young person&apos;s benefits ({label}).</translation>
    </message>
    <message>
        <source>Votre structure ne peut pas accepter de coupon de prépaiement pour cet avantage (règlement du dispositif).</source>
        <translation>Your shop cannot accept a prepaid coupon for this benefit (scheme rules).</translation>
    </message>
    <message>
        <source>Vérifiez qu&apos;elle est allumée et branchée (câble USB), et que cette session a le droit d&apos;y écrire (règle udev sous Linux).</source>
        <translation>Check that it is switched on and plugged in (USB cable), and that this session may write to it (udev rule on Linux).</translation>
    </message>
    <message>
        <source>Vérifiez qu&apos;elle est allumée, branchée au réseau et que son adresse n&apos;a pas changé.</source>
        <translation>Check that it is switched on, connected to the network, and that its address has not changed.</translation>
    </message>
    <message>
        <source>Vérifiez qu&apos;elle est allumée, le câble série et le port choisi.</source>
        <translation>Check that it is switched on, the serial cable and the chosen port.</translation>
    </message>
    <message>
        <source>absente du décompte de la Région</source>
        <translation>missing from the Region&apos;s count</translation>
    </message>
    <message>
        <source>accepté</source>
        <translation>accepted</translation>
    </message>
    <message>
        <source>accusé de réception reçu</source>
        <translation>acknowledgement received</translation>
    </message>
    <message>
        <source>adresse du serveur</source>
        <translation>server address</translation>
    </message>
    <message>
        <source>annulation non valable</source>
        <translation>invalid void</translation>
    </message>
    <message>
        <source>annulée (rien à payer)</source>
        <translation>voided (nothing to pay)</translation>
    </message>
    <message>
        <source>article exclu de l&apos;avantage</source>
        <translation>item excluded from the benefit</translation>
    </message>
    <message>
        <source>article que l&apos;avantage ne prend pas en charge</source>
        <translation>item the benefit does not cover</translation>
    </message>
    <message>
        <source>autorisation du représentant légal non vérifiée pour un mineur</source>
        <translation>legal guardian&apos;s authorisation not checked for a minor</translation>
    </message>
    <message>
        <source>avantage d&apos;un dispositif que la région du partenaire ne gère pas</source>
        <translation>benefit of a scheme the partner&apos;s region does not run</translation>
    </message>
    <message>
        <source>avantage inconnu de la Région</source>
        <translation>benefit unknown to the Region</translation>
    </message>
    <message>
        <source>avantage inconnu du dispositif</source>
        <translation>benefit unknown to the scheme</translation>
    </message>
    <message>
        <source>avantage à usage unique déjà utilisé</source>
        <translation>single-use benefit already used</translation>
    </message>
    <message>
        <source>avantage à verser en une seule fois, pour son montant total</source>
        <translation>benefit to be paid in one go, for its whole amount</translation>
    </message>
    <message>
        <source>bon déjà déposé dans un autre bordereau</source>
        <translation>voucher already deposited on another slip</translation>
    </message>
    <message>
        <source>bon déjà utilisé</source>
        <translation>voucher already used</translation>
    </message>
    <message>
        <source>bon utilisé après sa date de validité</source>
        <translation>voucher used after its validity date</translation>
    </message>
    <message>
        <source>bénéficiaire d&apos;une autre région</source>
        <translation>beneficiary of another region</translation>
    </message>
    <message>
        <source>c&apos;est un dossier</source>
        <translation>it is a folder</translation>
    </message>
    <message>
        <source>catégorie pour laquelle le partenaire n&apos;est pas agréé</source>
        <translation>category the partner is not accredited for</translation>
    </message>
    <message>
        <source>ce bon avait déjà été utilisé chez un autre partenaire</source>
        <translation>this voucher had already been used at another partner</translation>
    </message>
    <message>
        <source>ce coupon avait déjà été utilisé</source>
        <translation>this coupon had already been used</translation>
    </message>
    <message>
        <source>ce coupon ne correspond pas à cette vente</source>
        <translation>this coupon does not match this sale</translation>
    </message>
    <message>
        <source>cet avantage à usage unique avait déjà été utilisé ailleurs pendant que la caisse était hors ligne</source>
        <translation>this single-use benefit had already been used elsewhere while the till was offline</translation>
    </message>
    <message>
        <source>code d&apos;activation</source>
        <translation>activation code</translation>
    </message>
    <message>
        <source>comptabilisé</source>
        <translation>counted</translation>
    </message>
    <message>
        <source>comptée dans un lot suivant</source>
        <translation>counted in a later batch</translation>
    </message>
    <message>
        <source>coupon de prépaiement non valable</source>
        <translation>invalid prepaid coupon</translation>
    </message>
    <message>
        <source>dispositif remboursé par période, pas sur dépôt</source>
        <translation>scheme reimbursed by period, not on deposit</translation>
    </message>
    <message>
        <source>dépôt {key}</source>
        <translation>deposit {key}</translation>
    </message>
    <message>
        <source>en attente</source>
        <translation>pending</translation>
    </message>
    <message>
        <source>en attente d&apos;envoi à la Région</source>
        <translation>waiting to be sent to the Region</translation>
    </message>
    <message>
        <source>en attente de l&apos;accusé de la Région</source>
        <translation>waiting for the Region&apos;s acknowledgement</translation>
    </message>
    <message>
        <source>en attente du décompte de la Région</source>
        <translation>awaiting the Region&apos;s count</translation>
    </message>
    <message>
        <source>en cours</source>
        <translation>open</translation>
    </message>
    <message>
        <source>encore {left} essai(s) avant un blocage temporaire.</source>
        <translation>{left} more attempt(s) before a temporary lock.</translation>
    </message>
    <message>
        <source>enregistrée après la fin de la saison</source>
        <translation>recorded after the season&apos;s end</translation>
    </message>
    <message>
        <source>enregistrée avant l&apos;ouverture de la saison</source>
        <translation>recorded before the season opened</translation>
    </message>
    <message>
        <source>enregistrée hors de la saison du dispositif</source>
        <translation>recorded outside the scheme&apos;s season</translation>
    </message>
    <message>
        <source>erreur du système : {detail}</source>
        <translation>system error: {detail}</translation>
    </message>
    <message>
        <source>fichier protégé {file} (aucun trousseau disponible sur ce poste)</source>
        <translation>protected file {file} (no keyring available on this computer)</translation>
    </message>
    <message>
        <source>fichier protégé {file} (le trousseau du système n&apos;a pas répondu ou n&apos;a pas gardé le jeton)</source>
        <translation>protected file {file} (the system keyring did not answer or did not keep the token)</translation>
    </message>
    <message>
        <source>identifiant partenaire</source>
        <translation>partner ID</translation>
    </message>
    <message>
        <source>imprimante par défaut du système</source>
        <translation>the system&apos;s default printer</translation>
    </message>
    <message>
        <source>jeune trop jeune pour cet avantage</source>
        <translation>young person too young for this benefit</translation>
    </message>
    <message>
        <source>l&apos;annulation ne correspond à aucun encaissement accepté</source>
        <translation>the void does not match any accepted payment</translation>
    </message>
    <message>
        <source>la Région ne connaît pas cet avantage pour ce jeune</source>
        <translation>the Region does not know this benefit for this young person</translation>
    </message>
    <message>
        <source>la transaction appartient à un autre partenaire</source>
        <translation>the transaction belongs to another partner</translation>
    </message>
    <message>
        <source>la transaction est incomplète</source>
        <translation>the transaction is incomplete</translation>
    </message>
    <message>
        <source>le caissier est bloqué un moment.</source>
        <translation>the cashier is locked for a while.</translation>
    </message>
    <message>
        <source>le disque est plein</source>
        <translation>the disk is full</translation>
    </message>
    <message>
        <source>le dossier est protégé en écriture</source>
        <translation>the folder is write-protected</translation>
    </message>
    <message>
        <source>le dossier n&apos;existe pas</source>
        <translation>the folder does not exist</translation>
    </message>
    <message>
        <source>le nom imprimé sur le support</source>
        <translation>the name printed on the pass</translation>
    </message>
    <message>
        <source>le solde ne suffisait plus : il a été dépensé ailleurs pendant que la caisse était hors ligne</source>
        <translation>the balance was no longer enough: it was spent elsewhere while the till was offline</translation>
    </message>
    <message>
        <source>le solde était déjà épuisé : il a été dépensé ailleurs pendant que la caisse était hors ligne</source>
        <translation>the balance was already used up: it was spent elsewhere while the till was offline</translation>
    </message>
    <message>
        <source>mis en paiement</source>
        <translation>payment ordered</translation>
    </message>
    <message>
        <source>montant différent</source>
        <translation>amount differs</translation>
    </message>
    <message>
        <source>montant incohérent</source>
        <translation>inconsistent amount</translation>
    </message>
    <message>
        <source>montant pris sur l&apos;avantage différent de celui que les règles donnent</source>
        <translation>amount taken from the benefit differs from what the rules give</translation>
    </message>
    <message>
        <source>motif « {code} »</source>
        <translation>reason “{code}”</translation>
    </message>
    <message>
        <source>numéro de dépôt déjà utilisé à la Région pour un autre bordereau</source>
        <translation>deposit number already used at the Region for another slip</translation>
    </message>
    <message>
        <source>numéro de série du matériel non relevé</source>
        <translation>equipment serial number not recorded</translation>
    </message>
    <message>
        <source>pas encore comptée par la Région</source>
        <translation>not yet counted by the Region</translation>
    </message>
    <message>
        <source>pas encore envoyée à la Région</source>
        <translation>not yet sent to the Region</translation>
    </message>
    <message>
        <source>payé</source>
        <translation>paid</translation>
    </message>
    <message>
        <source>payée deux fois</source>
        <translation>paid twice</translation>
    </message>
    <message>
        <source>refusé</source>
        <translation>refused</translation>
    </message>
    <message>
        <source>refusé : {why}</source>
        <translation>refused: {why}</translation>
    </message>
    <message>
        <source>refusé par la Région</source>
        <translation>refused by the Region</translation>
    </message>
    <message>
        <source>refusée par la Région</source>
        <translation>refused by the Region</translation>
    </message>
    <message>
        <source>refusée par la Région ({code})</source>
        <translation>refused by the Region ({code})</translation>
    </message>
    <message>
        <source>réglée</source>
        <translation>settled</translation>
    </message>
    <message>
        <source>semaine {week} de {year} ({start} – {end})</source>
        <translation>week {week} of {year} ({start} – {end})</translation>
    </message>
    <message>
        <source>solde du jeune insuffisant à la Région</source>
        <translation>the young person&apos;s balance at the Region is too low</translation>
    </message>
    <message>
        <source>solde épuisé</source>
        <translation>balance used up</translation>
    </message>
    <message>
        <source>transaction d&apos;un autre partenaire</source>
        <translation>another partner&apos;s transaction</translation>
    </message>
    <message>
        <source>transaction mal renseignée</source>
        <translation>badly recorded transaction</translation>
    </message>
    <message>
        <source>trousseau du système</source>
        <translation>system keyring</translation>
    </message>
    <message>
        <source>trousseau du système (il ne répond pas : déverrouillez-le)</source>
        <translation>system keyring (not answering: unlock it)</translation>
    </message>
    <message>
        <source>une annulation ne se dépose pas</source>
        <translation>a void is not deposited</translation>
    </message>
    <message>
        <source>vendu après la date de dépôt</source>
        <translation>sold after the deposit date</translation>
    </message>
    <message>
        <source>vente annulée</source>
        <translation>sale voided</translation>
    </message>
    <message>
        <source>vente inconnue de la Région pour ce partenaire</source>
        <translation>sale unknown to the Region for this partner</translation>
    </message>
    <message>
        <source>votre structure n&apos;est plus agréée pour cet avantage</source>
        <translation>your shop is no longer approved for this benefit</translation>
    </message>
    <message>
        <source>{guardian}, représentant légal nommé sur le bon (bénéficiaire mineur : {minor})</source>
        <translation>{guardian}, legal guardian named on the voucher (minor: {minor})</translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation>{hours} h</translation>
    </message>
    <message>
        <source>{label} : avantage de la région {region}, que votre structure ne peut pas encaisser.</source>
        <translation>{label}: a benefit of the region {region}, which your organisation cannot charge.</translation>
    </message>
    <message>
        <source>{label} : avantage à usage unique, déjà utilisé.</source>
        <translation>{label}: single-use benefit, already used.</translation>
    </message>
    <message>
        <source>{label} : bénéficiaire mineur, demandez l&apos;autorisation écrite d&apos;un titulaire de l&apos;autorité parentale.</source>
        <translation>{label}: the beneficiary is a minor, ask for the written authorisation of a holder of parental authority.</translation>
    </message>
    <message>
        <source>{label} : bénéficiaire mineur, le représentant légal nommé sur le bon retire lui-même l&apos;équipement avec sa propre pièce d&apos;identité.</source>
        <translation>{label}: the beneficiary is a minor, the legal representative named on the voucher collects the equipment in person with their own ID.</translation>
    </message>
    <message>
        <source>{label} : bénéficiaire mineur, vérifiez l&apos;autorisation du représentant légal et cochez la case.</source>
        <translation>{label}: the beneficiary is a minor, check the legal guardian&apos;s authorisation and tick the box.</translation>
    </message>
    <message>
        <source>{label} : bénéficiaire mineur, {guardian}, représentant légal nommé sur le bon, retire lui-même l&apos;équipement avec sa propre pièce d&apos;identité.</source>
        <translation>{label}: the beneficiary is a minor, {guardian}, the legal representative named on the voucher, collects the equipment in person with their own ID.</translation>
    </message>
    <message>
        <source>{label} : jeune de {age} ans, demandez l&apos;autorisation écrite d&apos;un titulaire de l&apos;autorité parentale.</source>
        <translation>{label}: {age} years old, ask for the written authorisation of a holder of parental authority.</translation>
    </message>
    <message>
        <source>{label} : la saison est terminée, cet avantage ne peut plus être utilisé.</source>
        <translation>{label}: the season is over, this benefit can no longer be used.</translation>
    </message>
    <message>
        <source>{label} : le solde est épuisé.</source>
        <translation>{label}: the balance is used up.</translation>
    </message>
    <message>
        <source>{label} : le transfert porte sur le montant total de l&apos;aide, en une seule fois. Saisissez {amount}.</source>
        <translation>{label}: the transfer is for the whole amount of the benefit, in one go. Enter {amount}.</translation>
    </message>
    <message>
        <source>{label} : pas encore ouvert, la saison commence le {start}.</source>
        <translation>{label}: not open yet, the season starts on {start}.</translation>
    </message>
    <message>
        <source>{label} : réservé aux jeunes d&apos;au moins {min_age} ans, âge inconnu avec un code saisi. Scannez le QR code du support.</source>
        <translation>{label}: only for young people aged {min_age} or over; age unknown with a typed code. Scan the QR code on the pass.</translation>
    </message>
    <message>
        <source>{label} : réservé aux jeunes d&apos;au moins {min_age} ans.</source>
        <translation>{label}: only for young people aged {min_age} or over.</translation>
    </message>
    <message>
        <source>{label} arrêté.</source>
        <translation>{label} stopped.</translation>
    </message>
    <message>
        <source>{label} prêt ({path}).</source>
        <translation>{label} ready ({path}).</translation>
    </message>
    <message>
        <source>{label} reconnecté ({path}).</source>
        <translation>{label} reconnected ({path}).</translation>
    </message>
    <message>
        <source>{label} {balance}</source>
        <translation>{label} {balance}</translation>
    </message>
    <message>
        <source>{label} {path} débranché : rebranchez-le, la caisse le reprendra d&apos;elle-même.</source>
        <translation>{label} {path} unplugged: plug it back in, the till will pick it up again on its own.</translation>
    </message>
    <message>
        <source>{label} {path} inaccessible ({error}) : nouvelle tentative dans quelques secondes.</source>
        <translation>{label} {path} cannot be accessed ({error}): retrying in a few seconds.</translation>
    </message>
    <message>
        <source>{label} {path} introuvable : branchez-le, la caisse le prendra dès qu&apos;il apparaît.</source>
        <translation>{label} {path} not found: plug it in, the till will use it as soon as it appears.</translation>
    </message>
    <message>
        <source>{label} — {name} ({path})</source>
        <translation>{label} — {name} ({path})</translation>
    </message>
    <message>
        <source>{lead}. Disponible : {wallets}.</source>
        <translation>{lead}. Available: {wallets}.</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <source>{month} {year}</source>
        <translation>{month} {year}</translation>
    </message>
    <message>
        <source>{name} n&apos;est pas sur la liste de « {title} ». Seuls les gagnants ou inscrits peuvent en profiter.</source>
        <translation>{name} is not on the list for “{title}”. Only winners or people signed up can use it.</translation>
    </message>
    <message>
        <source>{name} — aucun avantage utilisable dans cette caisse. Le jeune paie par un autre moyen.</source>
        <translation>{name} — no benefit can be used at this till. The young person pays another way.</translation>
    </message>
    <message>
        <source>{name} — {reason} Le jeune paie par un autre moyen.</source>
        <translation>{name} — {reason} The young person pays another way.</translation>
    </message>
    <message>
        <source>{name}, né(e) le {birth_date}</source>
        <translation>{name}, born {birth_date}</translation>
    </message>
    <message>
        <source>{path} est un dossier : donnez un nom de fichier.</source>
        <translation>{path} is a folder: give a file name.</translation>
    </message>
    <message>
        <source>{path} n&apos;est pas un port série ({error}).</source>
        <translation>{path} is not a serial port ({error}).</translation>
    </message>
    <message>
        <source>{pending} transaction(s) pas encore envoyée(s) à la Région : synchronisez d&apos;abord (sinon elles ne seront jamais remboursées), ou forcez la purge.</source>
        <translation>{pending} transaction(s) not sent to the Region yet: sync first (otherwise they will never be paid back), or force the purge.</translation>
    </message>
    <message>
        <source>{queued} transactions attendent d&apos;être envoyées : synchronisez dès que possible.</source>
        <translation>{queued} transactions waiting to be sent: sync as soon as possible.</translation>
    </message>
    <message>
        <source>{queued} transactions attendent d&apos;être envoyées : synchronisez la caisse avant d&apos;encaisser à nouveau.</source>
        <translation>{queued} transactions waiting to be sent: sync the till before charging again.</translation>
    </message>
    <message>
        <source>{scheme} : la saison se termine le {end} et {queued} transaction(s) attendent d&apos;être envoyées. Synchronisez : après la saison, elles ne seront pas remboursées.</source>
        <translation>{scheme}: the season ends on {end} and {queued} transaction(s) are waiting to be sent. Sync now: after the season, they will not be paid back.</translation>
    </message>
    <message>
        <source>{words} : {reason}</source>
        <translation>{words}: {reason}</translation>
    </message>
    <message>
        <source>« {item} » est exclu de l&apos;avantage {category} : encaissez cet article hors Atouts.</source>
        <translation>“{item}” is excluded from the {category} benefit: charge this item outside Atouts.</translation>
    </message>
    <message>
        <source>« {item} » n&apos;est pas pris en charge par l&apos;avantage {category}.</source>
        <translation>“{item}” is not covered by the {category} benefit.</translation>
    </message>
    <message>
        <source>« {path} » est un dossier, pas une image.</source>
        <translation>“{path}” is a folder, not an image.</translation>
    </message>
    <message>
        <source>À contester par lettre recommandée avec accusé de réception au plus tard le {deadline} (encore {days} jour(s)).</source>
        <translation>To be disputed by registered letter with acknowledgement of receipt by {deadline} at the latest ({days} day(s) left).</translation>
    </message>
    <message>
        <source>Écriture refusée dans {folder} : choisissez un dossier où vous pouvez écrire.</source>
        <translation>Writing refused in {folder}: choose a folder you can write to.</translation>
    </message>
    <message>
        <source>âge du jeune inconnu pour un avantage réservé à partir d&apos;un âge</source>
        <translation>young person&apos;s age unknown for a benefit with a minimum age</translation>
    </message>
    <message>
        <source>écart</source>
        <translation>gap</translation>
    </message>
</context>
</TS>
