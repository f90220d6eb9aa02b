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
    <name>Keypad</name>
    <message>
        <source>Pavé numérique</source>
        <translation>Keypad</translation>
    </message>
    <message>
        <source>Effacer un chiffre</source>
        <translation>Delete a digit</translation>
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
</TS>
