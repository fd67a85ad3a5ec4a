/** Routes of the operations side of the console (reception, inbox, supervision, inspector, public lookup). */
export {};
