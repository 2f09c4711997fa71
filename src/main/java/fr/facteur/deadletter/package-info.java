/**
 * Dead letters: the messages the broker gave up on (DLQ.&lt;address&gt; of every address in
 * {@link fr.facteur.messaging.Queues}), listed with their headers, and replayed to their original address on an
 * operator's request. Plain JMS, so it works against the embedded broker and an external Artemis alike.
 */
package fr.facteur.deadletter;
