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
        <translation>Retail price, e.g. 12,50</translation>
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
        <source>Article</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Identité</source>
        <translation>ID</translation>
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
        <source>Usage unique de %1 : saisissez le prix public de l&apos;article. Pas de monnaie rendue sur la part non utilisée.</source>
        <translation>Single use of %1: enter the item&apos;s retail price. No change is given for the unused part.</translation>
    </message>
    <message>
        <source>Saisissez le prix public de l&apos;article (clavier ou pavé).</source>
        <translation>Enter the item&apos;s retail price (keyboard or keypad).</translation>
    </message>
    <message>
        <source>(usage unique)</source>
        <translation>(single use)</translation>
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
        <source>L&apos;activation n&apos;a pas abouti (erreur inattendue, notée dans le journal). Réessayez ; si cela persiste, contactez l&apos;assistance.</source>
        <translation>Activation failed (unexpected error, written to the log). Try again; if it keeps happening, contact support.</translation>
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
        <translation>Search: name, reference, amount (12,50), cashier…</translation>
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
        <source>Montant</source>
        <translation>Amount</translation>
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
        <source>Imprimer / &amp;copier le reçu</source>
        <translation>Print / &amp;copy the receipt</translation>
    </message>
    <message>
        <source>Imprimer ou copier le reçu</source>
        <translation>Print or copy the receipt</translation>
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
        <source>Annulation — %1</source>
        <translation>Void — %1</translation>
    </message>
    <message>
        <source>Prix %1, payé en plus par le jeune %2</source>
        <translation>Price %1, paid on top by the young person %2</translation>
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
        <source>✔ Reçu envoyé à l&apos;imprimante %1 et copié.</source>
        <translation>✔ Receipt sent to printer %1 and copied.</translation>
    </message>
    <message>
        <source>✔ Reçu copié : collez-le (Ctrl+V) dans un courriel ou un document. Aucune imprimante n&apos;est installée sur cet ordinateur.</source>
        <translation>✔ Receipt copied: paste it (Ctrl+V) into an email or a document. No printer is installed on this computer.</translation>
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
        <source>Opérateur (F2)</source>
        <translation>Cashier (F2)</translation>
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
        <source>Démo : QR codes dans %1</source>
        <translation>Demo: QR codes in %1</translation>
    </message>
    <message>
        <source>Identifiez-vous (F2) avant d&apos;encaisser.</source>
        <translation>Sign in (F2) before charging.</translation>
    </message>
    <message>
        <source>Encaissé — %1</source>
        <translation>Paid — %1</translation>
    </message>
    <message>
        <source>ENCAISSÉ</source>
        <translation>PAID</translation>
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
        <source>Erreur inattendue.</source>
        <translation>Unexpected error.</translation>
    </message>
    <message>
        <source>Caméra : </source>
        <translation>Camera: </translation>
    </message>
    <message>
        <source>Lecteur : </source>
        <translation>Scanner: </translation>
    </message>
    <message>
        <source>vente</source>
        <translation>sale</translation>
    </message>
    <message>
        <source>annulation</source>
        <translation>void</translation>
    </message>
    <message>
        <source>Dernière opération enregistrée : %1 de %2 le %3 (réf. %4).</source>
        <translation>Last recorded: %1 of %2 on %3 (ref. %4).</translation>
    </message>
</context>
<context>
    <name>OperatorPage</name>
    <message>
        <source>Changer d&apos;opérateur</source>
        <translation>Change cashier</translation>
    </message>
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
        <source>Opérateurs de cette caisse</source>
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
        <source>&lt;p&gt;&lt;b&gt;Aucun opérateur n&apos;est enregistré sur cette caisse.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Vous pouvez l&apos;utiliser sans nom : les ventes n&apos;indiqueront pas qui les a encaissées.&lt;/p&gt;&lt;p&gt;Pour nommer les caissiers, ajoutez-les avec le bouton « Ajouter un opérateur » ci-dessous, ou sur cet ordinateur avec la commande :&lt;br&gt;&lt;tt&gt;%1&lt;/tt&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;No cashier is registered on this till.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;You can use it without a name: sales will not say who took them.&lt;/p&gt;&lt;p&gt;To name the cashiers, add them with the “Add a cashier” button below, or on this computer with the command:&lt;br&gt;&lt;tt&gt;%1&lt;/tt&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Aucun opérateur enregistré</source>
        <translation>No cashier registered</translation>
    </message>
    <message>
        <source>Utiliser la caisse sans nom d&apos;opérateur</source>
        <translation>Use the till without a cashier name</translation>
    </message>
    <message>
        <source>Caisse sans opérateur</source>
        <translation>Till without a cashier</translation>
    </message>
    <message>
        <source>Ajouter un opérateur…</source>
        <translation>Add a cashier…</translation>
    </message>
    <message>
        <source>Ajouter un opérateur</source>
        <translation>Add a cashier</translation>
    </message>
    <message>
        <source>Prénom Nom</source>
        <translation>First name Last name</translation>
    </message>
    <message>
        <source>Nom du nouvel opérateur</source>
        <translation>New cashier&apos;s name</translation>
    </message>
    <message>
        <source>Code personnel, 4 à 8 chiffres</source>
        <translation>PIN, 4 to 8 digits</translation>
    </message>
    <message>
        <source>Code personnel du nouvel opérateur</source>
        <translation>New cashier&apos;s PIN</translation>
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
        <source>Ajouter cet opérateur</source>
        <translation>Add this cashier</translation>
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
        <source>Ajout d&apos;un opérateur</source>
        <translation>Adding a cashier</translation>
    </message>
    <message>
        <source>Opérateurs</source>
        <translation>Cashiers</translation>
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
        <source>✔ Caisse utilisée sans nom d&apos;opérateur.</source>
        <translation>✔ Till used without a cashier name.</translation>
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
        <source>Recherche des caméras…</source>
        <translation>Searching for cameras…</translation>
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
        <source>version %1</source>
        <translation>version %1</translation>
    </message>
    <message>
        <source>%1 porte-monnaie</source>
        <translation>%1 wallets</translation>
    </message>
    <message>
        <source>%1 transaction(s)</source>
        <translation>%1 transaction(s)</translation>
    </message>
    <message>
        <source>Informations illisibles (erreur notée dans le journal).</source>
        <translation>Information unreadable (error written to the log).</translation>
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
        <source>Identifiez-vous (F2)</source>
        <translation>Sign in (F2)</translation>
    </message>
    <message>
        <source>Opérateur : %1 — changer (F2)</source>
        <translation>Cashier: %1 — change (F2)</translation>
    </message>
    <message>
        <source>Opérateurs (F2)</source>
        <translation>Cashiers (F2)</translation>
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
        <source>REFUSÉ</source>
        <translation>REFUSED</translation>
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
    <name>domain</name>
    <message>
        <source>Annulation impossible après {hours} h : faites un avoir au jeune selon vos conditions commerciales.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bon ou coupon d&apos;un dispositif que cette caisse ne gère pas ({scheme}) : il n&apos;ouvre aucun avantage ici.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bon périmé depuis le {day} (date imprimée sur le bon) : il ne peut plus être accepté. Seule la Région peut le proroger.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bon à usage unique : vérifiez la pièce d&apos;identité puis confirmez</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce bon a déjà été utilisé : un bon ne sert qu&apos;une fois. Refusez-le.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce code de l&apos;application a déjà été remplacé par un plus récent : c&apos;est une copie. Demandez au jeune d&apos;afficher le code en direct.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce coupon a déjà été utilisé ou annulé : un coupon ne sert qu&apos;une fois.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce coupon a été réservé pour un autre partenaire : il ne peut pas être encaissé ici.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce support a été remplacé (nouvelle carte ou nouveau code) : il n&apos;est plus valable. Demandez au jeune son nouveau support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cet avantage n&apos;est pas utilisable ici pour ce jeune. Choisissez un avantage proposé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cette transaction est déjà annulée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code d&apos;une autre région ({region}) : il n&apos;ouvre aucun avantage ici.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code de l&apos;application figé (capture d&apos;écran ou copie ?) : demandez au jeune d&apos;ouvrir l&apos;application devant vous, le code change toutes les 30 secondes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code de l&apos;application trop ancien : capture d&apos;écran, ou heure du téléphone fausse. Demandez au jeune d&apos;afficher le code en direct (heure du téléphone automatique).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code de l&apos;application vérifié. Vérifiez la pièce d&apos;identité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code expiré. Demandez au jeune d&apos;afficher un code à jour dans l&apos;application ou de présenter sa carte.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code pas encore valide : l&apos;heure de cette caisse ou du téléphone est fausse. Vérifiez la date et l&apos;heure de la caisse.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code saisi à la main : au plus {limit} par achat. Scannez le QR code du support pour aller au-delà.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code saisi à la main : vérifiez que la pièce d&apos;identité porte le nom imprimé sur le support, puis confirmez</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmez d&apos;abord que la pièce d&apos;identité correspond : {identity}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coupon de prépaiement : vérifiez la pièce d&apos;identité puis confirmez</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Données de la Région trop anciennes dans {delay} : synchronisez la caisse avant, sinon les encaissements seront refusés.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Données de la Région vieilles de {age} h (limite : {limit} h) : connectez la caisse à Internet et synchronisez avant d&apos;encaisser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Droits suspendus par la Région pour ce jeune : aucun avantage utilisable. Le jeune doit contacter la Région.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hors ligne, il reste {left} utilisables pour ce jeune avant la prochaine synchronisation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indiquez le motif de l&apos;annulation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;horloge de la caisse indique une heure antérieure à la dernière synchronisation : vérifiez la date et l&apos;heure du poste, puis synchronisez avant d&apos;encaisser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&apos;étiquette antivol ({label}) ne porte pas le numéro du bon ({serial}) : utilisez l&apos;étiquette fournie avec ce bon.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Montant invalide : vérifiez le prix saisi.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plafond hors ligne atteint pour ce jeune ({limit}) : synchronisez la caisse pour continuer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plafond hors ligne de la caisse atteint ({limit}) : synchronisez la caisse pour continuer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plafond hors ligne de la caisse presque atteint (reste {left}) : synchronisez dès que possible.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refusé par la Région ({amount} non remboursés) : {why}. Voyez avec le jeune ou contactez la Région.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saisissez le numéro de l&apos;étiquette antivol collée sur le PC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saisissez le numéro de série du PC remis : la Région inventorie le matériel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seul un encaissement peut être annulé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Support déclaré perdu ou volé : refusez-le et gardez-le si possible. Le titulaire peut demander un nouveau support à la Région.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Support papier ou carte : vérifiez la pièce d&apos;identité puis confirmez</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Support valable jusqu&apos;au {day} : rappelez au jeune de demander le nouveau à la Région.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Votre structure n&apos;est pas agréée pour les avantages de ce jeune ({label}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Votre structure ne peut pas accepter de coupon de prépaiement pour cet avantage (règlement du dispositif).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ce bon avait déjà été utilisé chez un autre partenaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ce coupon avait déjà été utilisé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ce coupon ne correspond pas à cette vente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>l&apos;annulation ne correspond à aucun encaissement accepté</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la Région ne connaît pas cet avantage pour ce jeune</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la transaction appartient à un autre partenaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>la transaction est incomplète</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le nom imprimé sur le support</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>le solde ne suffisait plus : il a été dépensé ailleurs pendant que la caisse était hors ligne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>motif « {code} »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>votre structure n&apos;est plus agréée pour cet avantage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{check} : {identity}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{guardian}, représentant légal nommé sur le bon (bénéficiaire mineur : {minor})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} : avantage à usage unique, déjà utilisé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} : la saison est terminée, cet avantage ne peut plus être utilisé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} : le solde est épuisé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} : pas encore ouvert, la saison commence le {start}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} : réservé aux jeunes d&apos;au moins {min_age} ans, âge inconnu avec un code saisi. Scannez le QR code du support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} : réservé aux jeunes d&apos;au moins {min_age} ans.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} {balance}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{lead}. Disponible : {wallets}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} — aucun avantage utilisable dans cette caisse. Le jeune paie par un autre moyen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} — {reason} Le jeune paie par un autre moyen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}, né(e) le {birth_date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{queued} transactions attendent d&apos;être envoyées : synchronisez dès que possible.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{queued} transactions attendent d&apos;être envoyées : synchronisez la caisse avant d&apos;encaisser à nouveau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{scheme} : la saison se termine le {end} et {queued} transaction(s) attendent d&apos;être envoyées. Synchronisez : après la saison, elles ne seront pas remboursées.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« {item} » est exclu de l&apos;avantage {category} : encaissez cet article hors Atouts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>« {item} » n&apos;est pas pris en charge par l&apos;avantage {category}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
