/** Reads the HOCON configuration file into the option records of each module, with validation. */
package adot.config;
